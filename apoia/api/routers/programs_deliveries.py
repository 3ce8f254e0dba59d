"""Programs part 2: entregas e evidências (issue 10). Same services and scoping as the pages."""

from ninja import Router

router = Router(tags=["entregas e evidências"])
