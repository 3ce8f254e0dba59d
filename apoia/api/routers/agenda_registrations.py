"""Agenda API: registrations."""

from ninja import Router

router = Router(tags=["agenda"])
