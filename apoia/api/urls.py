"""The JSON API, /api/v1/: thin endpoints over the apps' service and query functions."""

from ninja import NinjaAPI

from apoia.api.errors import install_error_handlers
from apoia.api.routers import (
    accounts,
    catalog,
    indicators,
    indicators_import,
    protocol,
    territory,
)

api = NinjaAPI(
    title="Apoia API",
    version="1",
    description=(
        "API do Apoia: território, calendário de dias úteis, carta de serviços. "
        "Autenticação por token pessoal: `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("", territory.router)
api.add_router("", catalog.router)
api.add_router("", accounts.router)
api.add_router("", protocol.router)
# Before `indicators`: its `/indicators/{code}` would otherwise take `/indicators/imports`.
api.add_router("", indicators_import.router)
api.add_router("", indicators.router)
