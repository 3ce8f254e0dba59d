"""Visit recommendations as follow-up task sources (apoia.followup.registry)."""


def register() -> None:
    pass
