"""Demo data of civil society: organizations, checklists, councils and partnerships."""

from django.db import transaction

from apoia.society import demo_councils, demo_partnerships, demo_registry, demo_regularization


def load_demo_society() -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        for area in (demo_registry, demo_regularization, demo_councils, demo_partnerships):
            lines += area.load()
    return lines
