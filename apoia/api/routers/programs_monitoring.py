"""Programs part 2: monitoramento e transparência (issue 10); the services of the pages."""

from ninja import Router

router = Router(tags=["monitoramento e transparência"])
