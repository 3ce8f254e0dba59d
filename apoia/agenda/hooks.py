"""What the agenda adds to lower apps through their registries (called from
AgendaConfig.ready()): the municipality profile's section, the daily digest's sections, the
visit recommendations as follow-up task sources; and its own e-mail letters."""


def register() -> None:
    from apoia.agenda import (  # noqa: F401 - the mail_* modules register their letters
        mail_appointments,
        mail_events,
        mail_registrations,
        profile,
        reminders,
        visits_followup,
    )

    profile.register()
    reminders.register()
    visits_followup.register()
