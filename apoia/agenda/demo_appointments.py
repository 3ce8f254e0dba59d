"""Demo data of the agenda: appointments."""


def load() -> str:
    return ""
