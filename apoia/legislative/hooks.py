"""What the legislative desk registers with the lower apps' registries; each area (bills,
parliamentary demands) keeps its own list."""

from apoia.legislative import hooks_bills, hooks_demands


def register() -> None:
    hooks_bills.register()
    hooks_demands.register()
