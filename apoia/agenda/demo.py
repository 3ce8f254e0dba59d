"""Demo data of the agenda, in dependency order: the plan's schedule, events and series,
registrations with attendance and certificates, the consultation, appointments, visits."""

from apoia.agenda import (
    demo_appointments,
    demo_consultations,
    demo_events,
    demo_participation,
    demo_plan,
    demo_registrations,
    demo_visits,
)


def load_demo_agenda() -> list[str]:
    lines = []
    for module in (
        demo_plan,
        demo_events,
        demo_consultations,
        demo_registrations,
        demo_appointments,
        demo_visits,
        demo_participation,
    ):
        if line := module.load():
            lines.append(line)
    return lines or ["agenda: ok"]
