"""Demo data of the bills area of the legislative desk."""


def load() -> list[str]:
    return []
