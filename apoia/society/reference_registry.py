"""Reference data of the registry area."""


def load() -> str:
    return "registry: nothing yet"
