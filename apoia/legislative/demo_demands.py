"""Demo data of the demands area of the legislative desk."""


def load() -> list[str]:
    return []
