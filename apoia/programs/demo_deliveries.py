"""Demo deliveries in every status, with evidence and reviews, on the approved demo plans."""


def load_demo_deliveries() -> str:
    return "programs: entregas (a carregar)"
