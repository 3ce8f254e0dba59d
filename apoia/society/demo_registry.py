"""Demo data of the registry area."""


def load() -> list[str]:
    return []
