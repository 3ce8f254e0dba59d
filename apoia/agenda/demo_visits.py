"""Demo data of the agenda: visits."""


def load() -> str:
    return ""
