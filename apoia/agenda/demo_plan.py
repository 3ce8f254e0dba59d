"""Demo data of the agenda: plan."""


def load() -> str:
    return ""
