"""Reference data of the regularization area."""


def load() -> str:
    return "regularization: nothing yet"
