"""API of society_councils."""

from ninja import Router

router = Router(tags=["sociedade civil: conselhos"])
