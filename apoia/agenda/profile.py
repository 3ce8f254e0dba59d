"""The agenda's section of the municipality profile (territory.profile registry)."""


def register() -> None:
    pass
