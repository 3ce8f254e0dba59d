"""Technical visits chosen from indicators (Resolução CIB/SUAS/MT nº 02/2022, art. 9º).

A proposal (VisitPlan) for a state and year takes the top municipalities of a saved priority
list (apoia.indicators Ranking: its `rows`, rank 1 = most need) or of a criticality rule (the
municipalities an indicator's active rules flag, `criticality.critical_municipalities`, worst
first), with the reasons each was chosen in words, and groups them into trips of nearby
municipalities (apoia.agenda.trips: seeds in priority order, nearest neighbours up to the trip
size, each trip ordered from the state capital by nearest neighbour then 2-opt).

The staff accepts a proposal (a published `visita_tecnica` event for that municipality, linked
to the state plan's "Visitas Técnicas" entry of the year when there is one), moves it to
another trip or position, or drops it with a reason. After the visit, the report's
recommendations become follow-up tasks (apoia.followup, the same Task model as the programs'
monitoring meetings) with their owner and due date. One transaction per write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import queries
from apoia.agenda.models import (
    EventType,
    Modality,
    PlanEntry,
    ProposalStatus,
    VisitFinding,
    VisitPlan,
    VisitProposal,
    VisitRecommendation,
    VisitReport,
)
from apoia.agenda.trips import Stop, plan_trips
from apoia.territory.models import Municipality

MAX_COUNT = 60
MAX_STOPS = 10
VISIT_STRATEGY = "visitas-tecnicas"


class ProposalClosed(Exception):
    """The proposal was already accepted or dropped, or the report already written (409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require_staff(user, state_id: int) -> None:
    if not queries.is_agenda_staff(user, state_id):
        raise PermissionDenied(_("Só a equipe da agenda do estado planeja as visitas técnicas."))


def _number(value: float | None, decimals: int = 3) -> str:
    from apoia.indicators.criticality import format_value

    return format_value(value, decimals)


# --- choosing the municipalities ------------------------------------------------------------


def _from_ranking(ranking, count: int) -> list[tuple[int, list[str]]]:
    """(ibge, reasons) of the top `count` rows of a saved priority list."""
    from apoia.indicators.models import Indicator

    rows = sorted((r for r in ranking.rows if r.get("rank") is not None), key=lambda r: r["rank"])
    codes = {code for row in rows[:count] for code in row.get("values", {})}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    chosen = []
    for row in rows[:count]:
        reasons = [
            _("%(rank)dº na lista de prioridade “%(name)s” (pontuação %(score)s)")
            % {"rank": row["rank"], "name": ranking.name, "score": _number(row["score"])}
        ]
        contributions = row.get("contributions", {})
        heaviest = sorted(contributions, key=lambda code: (-contributions[code], code))[:3]
        for code in heaviest:
            indicator = indicators.get(code)
            value = row.get("values", {}).get(code)
            if indicator is None or value is None:
                continue
            reasons.append(
                _("%(indicator)s: %(value)s em %(period)s")
                % {
                    "indicator": indicator.name,
                    "value": _number(value, indicator.decimals),
                    "period": ranking.period,
                }
            )
        chosen.append((row["ibge"], reasons))
    return chosen


def _from_rule(indicator, uf: str, period: int | None, count: int):
    """(ibge, reasons) of the municipalities an indicator's active rules flag, worst first."""
    from apoia.indicators.criticality import active_rules, critical_municipalities
    from apoia.indicators.queries import latest_period

    if not active_rules(indicator):
        raise ValidationError(
            {"rule.indicator": [_("Este indicador não tem regra de criticidade ativa.")]}
        )
    period = period or latest_period(indicator, uf)
    if period is None:
        raise ValidationError({"rule.period": [_("O indicador não tem valores neste estado.")]})
    flagged = critical_municipalities(indicator, uf, period)
    return period, [
        (
            row["ibge"],
            [
                _("%(indicator)s crítico em %(period)s: %(reasons)s")
                % {
                    "indicator": indicator.name,
                    "period": period,
                    "reasons": "; ".join(row["reasons"]),
                }
            ],
        )
        for row in flagged[:count]
    ]


def capital_of(state) -> Municipality | None:
    return Municipality.objects.filter(state=state, is_capital=True).first()


def _trips(state, ibges: list[int], max_stops: int, max_km: float | None):
    """{ibge: (trip, stop)}: trips numbered in priority order; municipalities without
    coordinates each get a trip of their own, after the others."""
    places = {m.ibge: m for m in Municipality.objects.filter(ibge__in=ibges)}
    capital = capital_of(state)
    depot = (
        (capital.latitude, capital.longitude) if capital and capital.latitude is not None else None
    )
    located = [
        Stop(ibge, places[ibge].latitude, places[ibge].longitude)
        for ibge in ibges
        if places[ibge].latitude is not None and places[ibge].longitude is not None
    ]
    if depot is None and located:
        depot = (located[0].latitude, located[0].longitude)
    found: dict[int, tuple[int, int]] = {}
    trips = plan_trips(depot, located, max_stops=max_stops, max_km=max_km) if located else []
    for number, trip in enumerate(trips, start=1):
        for stop, place in enumerate(trip.stops, start=1):
            found[place.key] = (number, stop)
    number = len(trips)
    for ibge in ibges:
        if ibge not in found:
            number += 1
            found[ibge] = (number, 1)
    return found, {n: t.km for n, t in enumerate(trips, start=1)}


def create_plan(
    *,
    state,
    year: int,
    by,
    ranking=None,
    indicator=None,
    period: int | None = None,
    count: int = 10,
    max_stops: int = 4,
    max_km: float | None = None,
    title: str = "",
) -> VisitPlan:
    """A proposal of visits from a saved priority list (`ranking`) or a criticality rule
    (`indicator`'s active rules in `period`, the latest with data by default)."""
    _require_staff(by, state.pk)
    errors: dict[str, list[str]] = {}
    if (ranking is None) == (indicator is None):
        errors["source"] = [
            _("Escolha a origem: uma lista de prioridade ou uma regra de criticidade.")
        ]
    if ranking is not None and ranking.state_id != state.pk:
        errors["ranking"] = [_("Escolha uma lista de prioridade deste estado.")]
    if not 1 <= count <= MAX_COUNT:
        errors["count"] = [_("Escolha de 1 a %(max)d municípios.") % {"max": MAX_COUNT}]
    if not 1 <= max_stops <= MAX_STOPS:
        errors["max_stops"] = [
            _("Escolha de 1 a %(max)d paradas por roteiro.") % {"max": MAX_STOPS}
        ]
    if max_km is not None and max_km <= 0:
        errors["max_km"] = [_("A distância máxima deve ser maior que zero.")]
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        errors["year"] = [_("Planeje visitas do ano anterior, deste ou do próximo.")]
    if errors:
        raise ValidationError(errors)
    parameters = {"count": count, "max_stops": max_stops, "max_km": max_km}
    if ranking is not None:
        chosen = _from_ranking(ranking, count)
        parameters |= {"source": "ranking", "ranking": ranking.pk, "ranking_name": ranking.name}
        default_title = _("Visitas técnicas %(year)d — %(name)s") % {
            "year": year,
            "name": ranking.name,
        }
    else:
        period, chosen = _from_rule(indicator, state.uf, period, count)
        parameters |= {"source": "rule", "indicator": indicator.code, "period": period}
        default_title = _("Visitas técnicas %(year)d — %(indicator)s crítico") % {
            "year": year,
            "indicator": indicator.name,
        }
    if not chosen:
        raise ValidationError({"source": [_("A origem escolhida não aponta nenhum município.")]})
    in_state = set(
        Municipality.objects.filter(
            state=state, ibge__in=[ibge for ibge, _r in chosen]
        ).values_list("ibge", flat=True)
    )
    chosen = [(ibge, reasons) for ibge, reasons in chosen if ibge in in_state]
    places, kms = _trips(state, [ibge for ibge, _r in chosen], max_stops, max_km)
    parameters["trip_km"] = {str(n): km for n, km in kms.items()}
    with transaction.atomic():
        plan = VisitPlan.objects.create(
            state=state,
            year=year,
            title=(title or default_title).strip()[:200],
            ranking=ranking,
            parameters=parameters,
            created_by=by,
        )
        VisitProposal.objects.bulk_create(
            [
                VisitProposal(
                    plan=plan,
                    municipality_id=ibge,
                    reasons=reasons,
                    rank=position,
                    trip=places[ibge][0],
                    stop=places[ibge][1],
                )
                for position, (ibge, reasons) in enumerate(chosen, start=1)
            ]
        )
    return plan


# --- the staff's decisions ------------------------------------------------------------------


def _locked(proposal: VisitProposal, by) -> VisitProposal:
    locked = (
        VisitProposal.objects.select_for_update(of=("self",))
        .select_related("plan__state", "municipality")
        .get(pk=proposal.pk)
    )
    _require_staff(by, locked.plan.state_id)
    return locked


def _open(proposal: VisitProposal) -> None:
    if proposal.status != ProposalStatus.PROPOSED:
        raise ProposalClosed(
            _("Esta visita já foi %(status)s.") % {"status": proposal.get_status_display().lower()}
        )


def visits_entry(state, year: int) -> PlanEntry | None:
    """The state plan's "Visitas Técnicas" entry of `year`, if the plan has one."""
    return (
        PlanEntry.objects.filter(plan__state=state, plan__year=year, strategy__slug=VISIT_STRATEGY)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def accept(
    proposal: VisitProposal,
    *,
    by,
    day: dt.date,
    unit,
    start_time: dt.time = dt.time(8),
    end_time: dt.time = dt.time(17),
    technician: str = "",
) -> VisitProposal:
    """The visit goes on the agenda: a published `visita_tecnica` event (visits need no NEEP
    validation) whose audience is the municipality."""
    from apoia.agenda.services import events as event_services

    locked = _locked(proposal, by)
    _open(locked)
    state = locked.plan.state
    zone = ZoneInfo(state.timezone)
    errors: dict[str, list[str]] = {}
    if day is None:
        errors["day"] = [_("Informe a data da visita.")]
    elif day < timezone.localdate():
        errors["day"] = [_("Escolha uma data a partir de hoje.")]
    if unit is None or unit.state_id != state.pk:
        errors["unit"] = [_("Escolha uma unidade do estado.")]
    if len(technician) > 200:
        errors["technician"] = [_("Use no máximo 200 caracteres.")]
    if errors:
        raise ValidationError(errors)
    start = dt.datetime.combine(day, start_time, tzinfo=zone)
    end = dt.datetime.combine(day, end_time, tzinfo=zone)
    hours = Decimal(max((end - start).total_seconds(), 0) / 3600).quantize(Decimal("0.1"))
    municipality = locked.municipality
    description = "\n".join(
        [
            _("Visita proposta pelos indicadores (roteiro %(trip)d, parada %(stop)d).")
            % {"trip": locked.trip, "stop": locked.stop},
            *(f"• {reason}" for reason in locked.reasons),
            *(
                [_("Equipe: %(names)s") % {"names": technician.strip()}]
                if technician.strip()
                else []
            ),
        ]
    )
    event = event_services.create_event(
        by=by,
        state=state,
        audience_municipalities=[municipality],
        unit=unit,
        title=_("Visita técnica a %(municipality)s") % {"municipality": municipality.name},
        type=EventType.VISITA_TECNICA,
        modality=Modality.IN_PERSON,
        theme=_("Apoio técnico in loco à gestão municipal do SUAS"),
        description=description,
        start=start,
        end=end,
        workload_hours=hours if hours > 0 else Decimal("1"),
        place=_("Secretaria municipal de assistência social de %(municipality)s")
        % {"municipality": municipality.name},
        plan_entry=visits_entry(state, locked.plan.year),
    )
    event_services.publish(event, by=by)
    locked.status = ProposalStatus.ACCEPTED
    locked.event = event
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "event", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def drop(proposal: VisitProposal, *, by, reason: str) -> VisitProposal:
    reason = (reason or "").strip()
    locked = _locked(proposal, by)
    if not reason:
        raise ValidationError({"reason": [_("Informe por que a visita foi descartada.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("Use no máximo 2000 caracteres.")]})
    _open(locked)
    locked.status = ProposalStatus.DROPPED
    locked.drop_reason = reason
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "drop_reason", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def move(proposal: VisitProposal, *, by, trip: int, stop: int | None = None) -> VisitProposal:
    """Move a proposal to another trip (an existing one or the next new number) and/or to
    position `stop` in it (the end by default); both trips are renumbered 1, 2, 3…"""
    locked = _locked(proposal, by)
    siblings = list(
        VisitProposal.objects.select_for_update(of=("self",))
        .filter(plan_id=locked.plan_id)
        .order_by("trip", "stop", "pk")
    )
    last_trip = max(p.trip for p in siblings)
    if not 1 <= trip <= last_trip + 1:
        raise ValidationError(
            {"trip": [_("Escolha um roteiro de 1 a %(max)d.") % {"max": last_trip + 1}]}
        )
    old_trip = locked.trip
    target = [p for p in siblings if p.trip == trip and p.pk != locked.pk]
    position = len(target) + 1 if stop is None else stop
    if not 1 <= position <= len(target) + 1:
        raise ValidationError(
            {"stop": [_("Escolha uma posição de 1 a %(max)d.") % {"max": len(target) + 1}]}
        )
    target.insert(position - 1, next(p for p in siblings if p.pk == locked.pk))
    changed = []
    for number, item in enumerate(target, start=1):
        item.trip, item.stop = trip, number
        changed.append(item)
    if old_trip != trip:
        rest = [p for p in siblings if p.trip == old_trip and p.pk != locked.pk]
        for number, item in enumerate(rest, start=1):
            item.stop = number
            changed.append(item)
    VisitProposal.objects.bulk_update(changed, ["trip", "stop"])
    locked.refresh_from_db()
    return locked


# --- after the visit ------------------------------------------------------------------------


def visit_municipality(event) -> Municipality | None:
    proposal = getattr(event, "visit_proposal", None)
    if proposal is not None:
        return proposal.municipality
    return event.audience_municipalities.first()


@transaction.atomic
def write_report(
    event,
    *,
    by,
    people_met: str,
    summary: str = "",
    findings: list[dict] = (),
    recommendations: list[dict] = (),
) -> VisitReport:
    """The visit's report: who was met, findings per theme (several rows), recommendations;
    each recommendation becomes a follow-up task with its owner (`owner_user` or
    `owner_unit`) and `due` date. Errors name their row: "recommendations.1.due"."""
    from apoia.agenda.models import Event
    from apoia.followup.services import check_task, create_task

    event = Event.objects.select_for_update().select_related("state").get(pk=event.pk)
    if not queries.may_manage_event(by, event):
        raise PermissionDenied(_("Só a equipe da agenda do estado registra o relatório."))
    if event.type != EventType.VISITA_TECNICA:
        raise ValidationError({"event": [_("Só visitas técnicas têm relatório de visita.")]})
    if VisitReport.objects.filter(event=event).exists():
        raise ProposalClosed(_("O relatório desta visita já foi registrado."))
    errors: dict[str, list[str]] = {}
    if event.start > timezone.now():
        errors["event"] = [_("O relatório é registrado depois da visita.")]
    if not (people_met or "").strip():
        errors["people_met"] = [_("Informe quem foi ouvido na visita.")]
    elif len(people_met) > 4000:
        errors["people_met"] = [_("Use no máximo 4000 caracteres.")]
    if len(summary or "") > 8000:
        errors["summary"] = [_("Use no máximo 8000 caracteres.")]
    rows = []
    for n, row in enumerate(findings):
        theme, text = (row.get("theme") or "").strip(), (row.get("text") or "").strip()
        if not theme and not text:
            continue
        if not theme:
            errors[f"findings.{n}.theme"] = [_("Informe o tema da constatação.")]
        elif len(theme) > 150:
            errors[f"findings.{n}.theme"] = [_("Use no máximo 150 caracteres.")]
        if not text:
            errors[f"findings.{n}.text"] = [_("Descreva a constatação.")]
        elif len(text) > 4000:
            errors[f"findings.{n}.text"] = [_("Use no máximo 4000 caracteres.")]
        rows.append((theme, text))
    today = timezone.localdate()
    wanted = []
    for n, row in enumerate(recommendations):
        text = (row.get("text") or "").strip()
        if not text and not row.get("owner_user") and not row.get("owner_unit"):
            continue
        problems = check_task(
            title=text[:200] or "",
            owner_user=row.get("owner_user"),
            owner_unit=row.get("owner_unit"),
            due=row.get("due"),
            today=today,
        )
        if not text:
            problems["text"] = [_("Escreva a recomendação.")]
        problems.pop("title", None)
        for field, messages in problems.items():
            errors[f"recommendations.{n}.{field}"] = messages
        wanted.append({**row, "text": text})
    if errors:
        raise ValidationError(errors)
    report = VisitReport.objects.create(
        event=event, people_met=people_met.strip(), summary=(summary or "").strip(), written_by=by
    )
    VisitFinding.objects.bulk_create(
        [VisitFinding(report=report, theme=theme, text=text) for theme, text in rows]
    )
    municipality = visit_municipality(event)
    for row in wanted:
        recommendation = VisitRecommendation.objects.create(report=report, text=row["text"])
        create_task(
            title=row["text"] if len(row["text"]) <= 200 else row["text"][:199] + "…",
            description=_("Recomendação do relatório de “%(event)s”.") % {"event": event.title},
            by=by,
            owner_user=row.get("owner_user"),
            owner_unit=row.get("owner_unit"),
            due=row["due"],
            municipality=municipality,
            source=recommendation,
            today=today,
        )
    return report


def tasks_of(report: VisitReport):
    from apoia.followup.models import Task

    return Task.objects.for_sources(list(report.recommendations.all())).select_related(
        "owner_user", "owner_unit"
    )
