"""Demo data of the regularization area."""


def load() -> list[str]:
    return []
