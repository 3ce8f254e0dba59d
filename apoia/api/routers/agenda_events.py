"""Agenda API: events."""

from ninja import Router

router = Router(tags=["agenda"])
