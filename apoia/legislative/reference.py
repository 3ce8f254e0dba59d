"""Reference data of the legislative desk: its unit and the parliamentary-demand service."""

from apoia.legislative import reference_demands


def load_legislative_reference() -> str:
    return reference_demands.load()
