"""Demo data of the councils area."""


def load() -> list[str]:
    return []
