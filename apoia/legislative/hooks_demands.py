"""What the demands area of the legislative desk registers: its submission page (the only
way to file a parliamentary demand, on the web and in the API) and the demand's panel on the
request's page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

API_PATH = "/api/v1/parliamentary-demands"


def demand_page(service):
    return reverse("legislative:demand_new")


def demand_endpoint(service):
    return API_PATH


def demand_panel(req, user):
    """Who asked and about which bill, for those who handle the request as the state."""
    from apoia.catalog.models import ServiceKind
    from apoia.legislative.models import ParliamentaryDemand
    from apoia.legislative.queries_demands import may_see_demand_panel
    from apoia.protocol.hooks import LinkedPanel

    if req.service.kind != ServiceKind.PARLIAMENTARY_DEMAND or not may_see_demand_panel(user, req):
        return None
    demand = (
        ParliamentaryDemand.objects.filter(request=req)
        .select_related("municipality__state", "bill")
        .first()
    )
    if demand is None:
        return None
    rows = [
        (_("Parlamentar"), demand.legislator),
        (_("Partido"), demand.party or "—"),
        (_("Casa legislativa"), demand.get_house_display()),
    ]
    if demand.municipality_id:
        rows.append((_("Município da câmara"), str(demand.municipality)))
    url = ""
    if demand.bill_id:
        rows.append((_("Proposição relacionada"), str(demand.bill)))
        try:
            url = demand.bill.get_absolute_url()
        except NoReverseMatch:  # the bills' pages are not installed
            url = ""
    return LinkedPanel(
        title=_("Demanda parlamentar"),
        rows=tuple(rows),
        url=url,
        link_label=_("Abrir a proposição relacionada") if url else "",
    )


def register() -> None:
    from apoia.catalog.models import ServiceKind
    from apoia.protocol.hooks import register_linked_panel, register_submission_page

    register_submission_page(ServiceKind.PARLIAMENTARY_DEMAND, demand_page, demand_endpoint)
    register_linked_panel(demand_panel)
