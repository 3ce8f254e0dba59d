"""API of legislative."""

from ninja import Router

router = Router(tags=["acompanhamento legislativo"])
