"""API of society_partnerships."""

from ninja import Router

router = Router(tags=["sociedade civil: parcerias (MROSC)"])
