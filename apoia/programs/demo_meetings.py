"""Demo monitoring meetings with attendance, minutes, decisions and follow-up tasks."""


def load_demo_meetings() -> str:
    return "programs: reuniões (a carregar)"
