"""Demo data of the agenda: technical visits chosen from indicators in Mato Grosso (art. 9º).

A priority list of MT ("Pobreza e renda — MT", from the indicator values `load_reference`
imports; made here when the demo has none) proposes this year's visits: eight municipalities
in trips of up to three. Three are accepted: two visits ahead, and one moved into the past
(the demo runs on any date) with its report, whose recommendations are follow-up tasks; one
was dropped. Idempotent: nothing is added when this year's demo proposal exists."""

import datetime as dt

from django.utils import timezone

from apoia.accounts.models import OrgUnit, User
from apoia.agenda.models import VisitPlan, VisitReport
from apoia.agenda.services import visits as services
from apoia.territory.models import State

RANKING_NAME = "Pobreza e renda — MT"
TITLE = "Visitas técnicas {year} — municípios prioritários (pobreza e renda)"


def _ranking(state, by):
    from apoia.indicators.models import Indicator, Ranking
    from apoia.indicators.ranking import PRESETS, RankingError, save_ranking

    found = Ranking.objects.filter(state=state, name=RANKING_NAME).first()
    if found is not None:
        return found
    weights = next(p.weights for p in PRESETS if p.slug == "pobreza-renda")
    codes = set(Indicator.objects.filter(code__in=weights).values_list("code", flat=True))
    weights = {code: w for code, w in weights.items() if code in codes}
    if not weights:
        return None
    try:
        return save_ranking(
            name=RANKING_NAME, uf=state.uf, period=None, method="minmax", weights=weights, by=by
        )
    except RankingError:
        return None


def load() -> str:
    state = State.objects.filter(uf="MT").first()
    staff = User.objects.filter(email="tecnico-mt@apoia.demo").first()
    unit = (
        OrgUnit.objects.filter(slug="mt-cvs").first()
        or OrgUnit.objects.filter(slug="mt-cpsb").first()
    )
    if state is None or staff is None or unit is None:
        return ""
    today = timezone.localdate()
    title = TITLE.format(year=today.year)
    if VisitPlan.objects.filter(state=state, year=today.year, title=title).exists():
        return ""
    ranking = _ranking(state, staff)
    if ranking is None:
        return ""
    plan = services.create_plan(
        state=state, year=today.year, by=staff, ranking=ranking, count=8, max_stops=3, title=title
    )
    proposals = list(plan.proposals.order_by("trip", "stop"))
    first_trip = [p for p in proposals if p.trip == 1]
    second_trip = [p for p in proposals if p.trip == 2]
    accepted = []
    for offset, proposal in enumerate(first_trip[:2]):
        accepted.append(
            services.accept(
                proposal,
                by=staff,
                day=today + dt.timedelta(days=14 + offset),
                unit=unit,
                technician="Túlio Teixeira; Valéria Vasconcelos",
            )
        )
    if second_trip:
        visited = services.accept(
            second_trip[0],
            by=staff,
            day=today + dt.timedelta(days=1),
            unit=unit,
            technician="Túlio Teixeira",
        )
        # The demo runs on any date: this visit happened three weeks ago.
        event = visited.event
        shift = dt.timedelta(days=22)
        event.start -= shift
        event.end -= shift
        event.published_at = event.start - dt.timedelta(days=10)
        event.save(update_fields=["start", "end", "published_at"])
        services.write_report(
            event,
            by=staff,
            people_met=(
                "Secretária municipal de assistência social; coordenadora do CRAS; técnica da "
                "vigilância socioassistencial; presidente do conselho municipal."
            ),
            summary=(
                "Visita motivada pela posição do município na lista de prioridade (pobreza e "
                "renda). A rede é pequena para a demanda e o diagnóstico está desatualizado."
            ),
            findings=[
                {"theme": "PAIF", "text": "Equipe de referência do CRAS incompleta desde 2024."},
                {
                    "theme": "Vigilância socioassistencial",
                    "text": "Diagnóstico socioterritorial de 2019, sem os dados do último Censo.",
                },
                {
                    "theme": "Cadastro Único",
                    "text": "Famílias das áreas rurais fora do cadastro; busca ativa parada.",
                },
            ],
            recommendations=[
                {
                    "text": "Recompor a equipe de referência do CRAS (NOB-RH/SUAS)",
                    "owner_user": staff,
                    "due": today + dt.timedelta(days=45),
                },
                {
                    "text": "Atualizar o diagnóstico socioterritorial com o apoio da CVS",
                    "owner_unit": unit,
                    "due": today + dt.timedelta(days=90),
                },
            ],
        )
        accepted.append(visited)
    dropped = [p for p in proposals[len(first_trip) :] if p.pk not in {a.pk for a in accepted}]
    if dropped:
        services.drop(
            dropped[-1],
            by=staff,
            reason="Recebeu visita da Proteção Social Básica no semestre passado.",
        )
    reports = VisitReport.objects.filter(event__visit_proposal__plan=plan).count()
    return (
        f"agenda: proposta de visitas MT {today.year} com {len(proposals)} municípios, "
        f"{len(accepted)} aceitas, {reports} relatório"
    )
