"""API of catalog_directory."""

from ninja import Router

router = Router(tags=["fale com a gente"])
