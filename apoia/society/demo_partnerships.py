"""Demo data of the partnerships area."""


def load() -> list[str]:
    return []
