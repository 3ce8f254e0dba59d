"""Demo data of the demands area of the legislative desk: the desk's login
(legislativo@apoia.demo, coordinator of ms-segem-sal, with the demo password) and three
demands by fictional legislators, filed through `file_demand` like any other: one answered,
one open near its deadline, one just received about a bill the desk follows.

Idempotent: a demand already there (same legislator and subject) is not filed again. Without
the reference data (the desk and its service) it does nothing.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from apoia.accounts.demo import demo_password
from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.legislative.models import Bill, House, ParliamentaryDemand
from apoia.legislative.reference_demands import demand_service, desk_unit
from apoia.legislative.services_demands import file_demand
from apoia.protocol import services as protocol_services
from apoia.territory.calendar import compute_deadline
from apoia.territory.models import Municipality

LOGIN = "legislativo@apoia.demo"
LOGIN_NAME = "Lúcia Lacerda"
CAMPO_GRANDE = 5002704

ANSWERED = {
    "legislator": "Deputada Estadual Marta Quintana",
    "party": "PDF",
    "house": House.STATE_ASSEMBLY,
    "subject": "Calendário das oficinas de associativismo no interior",
    "description": (
        "Solicita o calendário das oficinas de associativismo previstas para o segundo "
        "semestre nos municípios do Bolsão e a previsão de vagas por município."
    ),
}
NEAR_DEADLINE = {
    "legislator": "Vereador Caio Brandão",
    "party": "PFI",
    "house": House.MUNICIPAL_CHAMBER,
    "subject": "Apoio à regularização de associações de moradores",
    "description": (
        "Pede orientação do Estado para regularizar seis associações de moradores da região "
        "do Anhanduizinho e informa os contatos das diretorias."
    ),
}
RECENT = {
    "legislator": "Deputado Estadual Otávio Reis",
    "party": "PFI",
    "house": House.STATE_ASSEMBLY,
    "subject": "Impacto da proposição sobre os programas da SEGEM",
    "description": (
        "Pede a posição do Governo sobre a proposição em tramitação e o impacto estimado "
        "nos programas de cooperação com os municípios."
    ),
}


def _desk_login(desk) -> User:
    """The desk's coordinator, sharing the demo password of the other demo people."""
    user, created = User.objects.get_or_create(email=LOGIN, defaults={"full_name": LOGIN_NAME})
    if created or settings.APOIA_DEMO_PASSWORD:
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    ensure_membership(user, Role.COORDINATOR, org_unit=desk)
    return user


def _received_near_deadline(now: dt.datetime, uf: str, municipality: int) -> dt.datetime:
    """A moment in the past whose 15-business-day deadline falls one or two days from now."""
    today = timezone.localdate(now)
    service = demand_service()
    for days in range(14, 40):
        received = now - dt.timedelta(days=days)
        due = compute_deadline(
            received,
            service.deadline_amount,
            service.deadline_unit,
            uf=uf,
            municipality=municipality,
        ).due
        if 1 <= (due - today).days <= 2:
            return received
    return now - dt.timedelta(days=19)


def _exists(entry: dict) -> bool:
    return ParliamentaryDemand.objects.filter(
        legislator=entry["legislator"], request__subject=entry["subject"]
    ).exists()


def load() -> list[str]:
    service, desk = demand_service(), desk_unit()
    if service is None or desk is None:
        return ["legislative demands: sem a mesa ms-segem-sal, nada a demonstrar"]
    login = _desk_login(desk)
    now = timezone.now()
    filed = 0
    if not _exists(ANSWERED):
        req = file_demand(by=login, received_at=now - dt.timedelta(days=40), **ANSWERED)
        protocol_services.decide(req, accepted=True, by=login, assignee=login)
        protocol_services.conclude(
            req,
            outcome=(
                "Calendário enviado ao gabinete: oito oficinas entre agosto e novembro, "
                "30 vagas por município."
            ),
            by=login,
        )
        filed += 1
    campo_grande = Municipality.objects.filter(ibge=CAMPO_GRANDE).first()
    if campo_grande is not None and not _exists(NEAR_DEADLINE):
        file_demand(
            by=login,
            municipality=campo_grande,
            received_at=_received_near_deadline(now, service.state.uf, CAMPO_GRANDE),
            **NEAR_DEADLINE,
        )
        filed += 1
    if not _exists(RECENT):
        related = Bill.objects.filter(state_id=service.state_id, house=House.STATE_ASSEMBLY).first()
        file_demand(by=login, bill=related, received_at=now - dt.timedelta(days=1), **RECENT)
        filed += 1
    return [
        f"legislative demands: {filed} demandas parlamentares de demonstração; "
        f"mesa: {LOGIN} (coordenação de {desk.name}, mesma senha)"
    ]
