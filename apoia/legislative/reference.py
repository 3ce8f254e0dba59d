"""Reference data of the legislative desk: its unit and the parliamentary-demand service."""


def load_legislative_reference() -> str:
    return "legislative: nothing yet"
