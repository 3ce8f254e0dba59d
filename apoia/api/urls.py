"""The JSON API, /api/v1/: thin endpoints over the apps' service and query functions."""

from ninja import NinjaAPI
from ninja.parser import Parser

from apoia.api.errors import install_error_handlers
from apoia.api.routers import (
    accounts,
    agenda_appointments,
    agenda_consultations,
    agenda_events,
    agenda_plans,
    agenda_reach,
    agenda_registrations,
    agenda_series,
    agenda_visits,
    catalog,
    catalog_directory,
    followup,
    indicators,
    indicators_import,
    legislative_bills,
    legislative_demands,
    plans,
    programs,
    programs_deliveries,
    programs_meetings,
    programs_menu,
    programs_monitoring,
    programs_projects,
    programs_report,
    protocol,
    protocol_actions,
    society_councils,
    society_councils_manage,
    society_organizations,
    society_partnerships,
    society_regularization,
    territory,
)
from apoia.lib.hostile_input import load_json


class SafeParser(Parser):
    """JSON bodies through `load_json`: a NUL answers 400 naming its field and a document
    nested past any real one answers 400 instead of a RecursionError. Ninja wraps what this
    raises; `errors.on_http_error` answers the RejectedInput inside."""

    def parse_body(self, request):
        return load_json(request.body)


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
    parser=SafeParser(),
)
install_error_handlers(api)
api.add_router("", territory.router)
api.add_router("", catalog.router)
api.add_router("", accounts.router)
# Before `protocol`: its tracking route `/requests/{path:protocol}` would take the actions.
api.add_router("", protocol_actions.router)
api.add_router("", protocol.router)
# Before `indicators`: its `/indicators/{code}` would otherwise take `/indicators/imports`.
api.add_router("", indicators_import.router)
api.add_router("", indicators.router)
api.add_router("", programs.router)
api.add_router("", programs_menu.router)
api.add_router("", plans.router)
api.add_router("", programs_deliveries.router)
api.add_router("", programs_monitoring.router)
api.add_router("", programs_report.router)
api.add_router("", programs_projects.router)
api.add_router("", programs_meetings.router)
api.add_router("", followup.router)
api.add_router("", agenda_plans.router)
api.add_router("", agenda_registrations.router)
api.add_router("", agenda_events.router)
api.add_router("", agenda_series.router)
api.add_router("", agenda_appointments.router)
api.add_router("", agenda_visits.router)
api.add_router("", agenda_consultations.router)
api.add_router("", agenda_reach.router)
api.add_router("", catalog_directory.router)
api.add_router("", society_organizations.router)
api.add_router("", society_regularization.router)
api.add_router("", society_councils.router)
api.add_router("", society_councils_manage.router)
api.add_router("", society_partnerships.router)
api.add_router("", legislative_bills.router)
api.add_router("", legislative_demands.router)
