"""What the demands area of the legislative desk registers (digest sections, linked panels,
submission pages)."""


def register() -> None:
    pass
