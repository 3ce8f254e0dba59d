"""Demo data of the agenda: consultations."""


def load() -> str:
    return ""
