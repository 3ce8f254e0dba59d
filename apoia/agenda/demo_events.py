"""Demo data of the agenda: events."""


def load() -> str:
    return ""
