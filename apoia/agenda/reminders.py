"""The agenda's lines in the daily reminder e-mail (`apoia remind`, protocol.hooks digest)."""


def register() -> None:
    pass
