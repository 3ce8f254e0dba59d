"""Agenda API: visits."""

from ninja import Router

router = Router(tags=["agenda"])
