"""What the registry area registers (digest sections, linked panels, organization-page
sections, acceptance handlers)."""


def register() -> None:
    pass
