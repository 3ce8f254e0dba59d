"""What the legislative desk registers with the lower apps' registries (the parliamentary
demand's submission page, the digest section of opinions due, linked panels)."""


def register() -> None:
    pass
