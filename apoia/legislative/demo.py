"""Demo data of the legislative desk: bills at different stages and a parliamentary demand."""


def load_demo_legislative():
    return []
