"""API of society_regularization."""

from ninja import Router

router = Router(tags=["sociedade civil: regularização"])
