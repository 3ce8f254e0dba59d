"""Agenda API: plans."""

from ninja import Router

router = Router(tags=["agenda"])
