"""Agenda API: consultations."""

from ninja import Router

router = Router(tags=["agenda"])
