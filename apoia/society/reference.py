"""Reference data of the registry: areas of work and the regularization checklist's items."""

from apoia.society import reference_registry, reference_regularization


def load_society_reference() -> str:
    return "; ".join([reference_registry.load(), reference_regularization.load()])
