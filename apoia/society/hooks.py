"""What society registers with the lower apps' registries; each area keeps its own list."""

from apoia.society import hooks_councils, hooks_partnerships, hooks_registry, hooks_regularization


def register() -> None:
    hooks_registry.register()
    hooks_regularization.register()
    hooks_councils.register()
    hooks_partnerships.register()
