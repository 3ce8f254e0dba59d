"""What the agenda adds to lower apps through their registries (called from
AgendaConfig.ready()): the municipality profile's section, the daily digest's sections, the
visit recommendations as follow-up task sources; and its own e-mail letters."""


def register() -> None:
    from apoia.agenda import (  # noqa: F401 - the mail_* modules register their letters
        mail_appointments,
        mail_events,
        mail_registrations,
        organization_section,
        profile,
        reminders,
        visits_followup,
    )

    profile.register()
    organization_section.register()
    reminders.register()
    visits_followup.register()

    from apoia.protocol.hooks import register_linked_panel

    register_linked_panel(appointment_panel)


def appointment_panel(req, user):
    """On the page of a request a booking filed: the appointment it booked, for whoever may
    open that page (its unit, the municipality, the holder of its access code)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone
    from django.utils.translation import gettext as _

    from apoia.agenda import queries
    from apoia.agenda.models import Appointment
    from apoia.protocol.hooks import LinkedPanel

    appointment = (
        Appointment.objects.filter(request=req)
        .select_related("slot__theme", "slot__unit__state", "slot__technician")
        .first()
    )
    if appointment is None:
        return None
    slot = appointment.slot
    zone = ZoneInfo(slot.unit.state.timezone)
    start, end = timezone.localtime(slot.start, zone), timezone.localtime(slot.end, zone)
    when = f"{start:%d/%m/%Y %H:%M} – {end:%H:%M}"
    rows = [
        (_("Quando"), when),
        (_("Tema"), slot.theme.name),
        (_("Modalidade"), appointment.get_modality_display()),
        (_("Técnico(a)"), slot.technician.full_name),
        (_("Situação"), appointment.get_status_display()),
    ]
    if appointment.cancel_reason:
        rows.append((_("Motivo do cancelamento"), appointment.cancel_reason))
    opens = (
        user is not None
        and queries.appointments_visible_to(user).filter(pk=appointment.pk).exists()
    )
    return LinkedPanel(
        title=_("Atendimento agendado"),
        rows=tuple(rows),
        url=appointment.get_absolute_url() if opens else "",
        link_label=_("Abrir o atendimento (remarcar ou cancelar)"),
    )
