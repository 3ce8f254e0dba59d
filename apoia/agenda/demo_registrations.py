"""Demo data of the agenda: registrations."""


def load() -> str:
    return ""
