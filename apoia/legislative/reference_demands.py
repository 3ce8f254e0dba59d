"""Reference data of the parliamentary demands: the desk unit and the catalog service."""


def load() -> str:
    return "legislative demands: nothing yet"
