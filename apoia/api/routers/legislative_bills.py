"""API of the legislative desk: bills."""

from ninja import Router

router = Router(tags=["acompanhamento legislativo"])
