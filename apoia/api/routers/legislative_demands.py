"""API of the legislative desk: demands."""

from ninja import Router

router = Router(tags=["acompanhamento legislativo"])
