"""Programs part 2: reuniões de monitoramento (issue 10). Same services and scoping as the pages."""

from ninja import Router

router = Router(tags=["reuniões de monitoramento"])
