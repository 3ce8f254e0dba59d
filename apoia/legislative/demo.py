"""Demo data of the legislative desk: bills at different stages and parliamentary demands."""

from django.db import transaction

from apoia.legislative import demo_bills, demo_demands


def load_demo_legislative() -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        for area in (demo_bills, demo_demands):
            lines += area.load()
    return lines
