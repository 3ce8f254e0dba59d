"""Writes of the annual technical-support plan ("Plano de Apoio Técnico"): the plan of a state
and year with its approving act, its axes, its entries and each entry's status.

Only the agenda staff of the plan's state (admins: every state) write; anyone else gets
PermissionDenied (the pages answer 404 before asking). Bad input raises
ValidationError({field: [message]}). One transaction per write.

An event linked to a planned entry tells the plan when it is published (services.events calls
`note_event_published`): the entry becomes scheduled."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.agenda import queries
from apoia.agenda.models import (
    Axis,
    EntryStatus,
    Modality,
    PlanEntry,
    Strategy,
    SupportPlan,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
PLAN_FIELDS = ("title", "act", "act_date", "act_url", "summary")
ENTRY_FIELDS = ("axis", "strategy", "modality", "title", "unit", "months", "audience", "order")


def _require_staff(by, state_id: int) -> None:
    if by is None or not queries.is_agenda_staff(by, state_id):
        raise PermissionDenied(_("Só a equipe da agenda do estado altera o seu plano."))


def default_title(state, year: int) -> str:
    return _("Plano de Apoio Técnico aos municípios — %(state)s, %(year)s") % {
        "state": state.name,
        "year": year,
    }


def _clean_plan(data: dict, errors: dict) -> dict:
    def add(field, message):
        errors.setdefault(field, []).append(message)

    clean = {}
    for field in PLAN_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "act_date":
            if value is not None and not isinstance(value, dt.date):
                add(field, _("Data inválida."))
            clean[field] = value
            continue
        value = (value or "").strip()
        limit = SupportPlan._meta.get_field(field).max_length
        if limit and len(value) > limit:
            add(field, _("Use no máximo %(count)s caracteres.") % {"count": limit})
        clean[field] = value
    if "act" in clean and not clean["act"]:
        add("act", _("Informe o ato que aprovou o plano (ex.: Resolução CIB nº 02/2022)."))
    if clean.get("act_url") and not clean["act_url"].startswith(("https://", "http://")):
        add("act_url", _("Informe um endereço que comece com https://."))
    return clean


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_plan(
    *, by, state, year, act, act_date=None, act_url="", summary="", title=""
) -> SupportPlan:
    """A state's plan for a year (one per state and year)."""
    _require_staff(by, state.pk)
    errors: dict = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [
            _("Informe um ano entre %(a)s e %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR}
        ]
    data = _clean_plan(
        {"title": title, "act": act, "act_date": act_date, "act_url": act_url, "summary": summary},
        errors,
    )
    if "year" not in errors and SupportPlan.objects.filter(state=state, year=year).exists():
        errors["year"] = [
            _("%(state)s já tem um plano de apoio técnico para %(year)s.")
            % {"state": state.name, "year": year}
        ]
    _raise(errors)
    data["title"] = data["title"] or default_title(state, year)
    try:
        with transaction.atomic():
            return SupportPlan.objects.create(state=state, year=year, **data)
    except IntegrityError:  # another person created it at the same moment
        raise ValidationError(
            {
                "year": [
                    _("%(state)s já tem um plano de apoio técnico para %(year)s.")
                    % {"state": state.name, "year": year}
                ]
            }
        ) from None


@transaction.atomic
def update_plan(plan: SupportPlan, *, by, **changes) -> SupportPlan:
    """Changes the act, its date and link, the title or the summary (not the state or year)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({f: [_("Campo desconhecido.")] for f in sorted(unknown)})
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    _require_staff(by, plan.state_id)
    errors: dict = {}
    data = _clean_plan(changes, errors)
    if "title" in data and not data["title"]:
        data["title"] = default_title(plan.state, plan.year)
    _raise(errors)
    for field, value in data.items():
        setattr(plan, field, value)
    plan.save()
    return plan


@transaction.atomic
def create_axis(*, by, state, name: str, order: int | None = None) -> Axis:
    """A thematic axis of the state's plans (the slug follows from the name)."""
    _require_staff(by, state.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Informe o nome do eixo.")]})
    if len(name) > 150:
        raise ValidationError({"name": [_("Use no máximo %(count)s caracteres.") % {"count": 150}]})
    slug = slugify(name)[:80] or "eixo"
    if Axis.objects.filter(state=state).filter(name__iexact=name).exists() or (
        Axis.objects.filter(state=state, slug=slug).exists()
    ):
        raise ValidationError({"name": [_("Este estado já tem um eixo com este nome.")]})
    if order is None:
        order = (Axis.objects.filter(state=state).aggregate(m=Max("order"))["m"] or 0) + 1
    return Axis.objects.create(state=state, slug=slug, name=name, order=order)


def _clean_months(value, add) -> list[int]:
    months = []
    for month in value or ():
        try:
            month = int(month)
        except (TypeError, ValueError):
            add("months", _("Informe meses de 1 a 12."))
            return []
        if not 1 <= month <= 12:
            add("months", _("Informe meses de 1 a 12."))
            return []
        months.append(month)
    return sorted(set(months))


def _clean_entry(plan: SupportPlan, data: dict) -> dict:
    errors: dict = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    clean = {}
    for field, value in data.items():
        if field not in ENTRY_FIELDS:
            add(field, _("Campo desconhecido."))
        elif field == "axis":
            if not isinstance(value, Axis) or value.state_id != plan.state_id:
                add(field, _("Escolha um eixo do estado do plano."))
            clean[field] = value
        elif field == "strategy":
            if not isinstance(value, Strategy):
                add(field, _("Escolha uma estratégia de apoio técnico."))
            clean[field] = value
        elif field == "unit":
            if value is not None and (
                not isinstance(value, OrgUnit) or value.state_id != plan.state_id
            ):
                add(field, _("Escolha uma unidade do estado do plano."))
            clean[field] = value
        elif field == "modality":
            if value not in Modality.values:
                add(field, _("Escolha presencial, online ou híbrido."))
            clean[field] = value
        elif field == "months":
            clean[field] = _clean_months(value, add)
        elif field == "order":
            if value is not None and (not isinstance(value, int) or not 0 <= value <= 32767):
                add(field, _("Informe um número de 0 a 32767."))
            clean[field] = value
        else:  # title, audience
            value = (value or "").strip()
            limit = PlanEntry._meta.get_field(field).max_length
            if len(value) > limit:
                add(field, _("Use no máximo %(count)s caracteres.") % {"count": limit})
            clean[field] = value
    if "title" in clean and not clean["title"]:
        add("title", _("Informe a ação."))
    _raise(errors)
    return clean


@transaction.atomic
def add_entry(
    plan: SupportPlan,
    *,
    by,
    axis,
    strategy,
    modality,
    title,
    unit=None,
    months=(),
    audience="",
    order=None,
) -> PlanEntry:
    """A new line of the plan, planned."""
    plan = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    _require_staff(by, plan.state_id)
    data = _clean_entry(
        plan,
        {
            "axis": axis,
            "strategy": strategy,
            "modality": modality,
            "title": title,
            "unit": unit,
            "months": months,
            "audience": audience,
            "order": order,
        },
    )
    if data["order"] is None:
        data["order"] = (plan.entries.aggregate(m=Max("order"))["m"] or 0) + 1
    return PlanEntry.objects.create(plan=plan, updated_by=by, **data)


@transaction.atomic
def update_entry(entry: PlanEntry, *, by, **changes) -> PlanEntry:
    """Changes what an entry is (not its status: `set_entry_status`)."""
    entry = PlanEntry.objects.select_for_update().select_related("plan").get(pk=entry.pk)
    _require_staff(by, entry.plan.state_id)
    data = _clean_entry(entry.plan, changes)
    if data.get("order", 0) is None:
        data.pop("order")
    for field, value in data.items():
        setattr(entry, field, value)
    entry.updated_by = by
    entry.save()
    return entry


@transaction.atomic
def set_entry_status(entry: PlanEntry, status, *, by, reason: str = "") -> PlanEntry:
    """Planned, scheduled, done or cancelled. Cancelling needs a reason; any other status
    clears the reason of an earlier cancellation."""
    entry = PlanEntry.objects.select_for_update().select_related("plan").get(pk=entry.pk)
    _require_staff(by, entry.plan.state_id)
    if status not in EntryStatus.values:
        raise ValidationError(
            {"status": [_("Escolha planejada, agendada, realizada ou cancelada.")]}
        )
    reason = (reason or "").strip()
    if status == EntryStatus.CANCELLED:
        if not reason:
            raise ValidationError({"reason": [_("Informe o motivo do cancelamento.")]})
        if len(reason) > 2000:
            raise ValidationError(
                {"reason": [_("Use no máximo %(count)s caracteres.") % {"count": 2000}]}
            )
    else:
        reason = ""
    entry.status = status
    entry.cancel_reason = reason
    entry.updated_by = by
    entry.save(update_fields=["status", "cancel_reason", "updated_by", "updated_at"])
    return entry


@transaction.atomic
def note_event_published(event) -> None:
    """An event of a planned entry was published: the entry is now scheduled."""
    if not event.plan_entry_id:
        return
    PlanEntry.objects.filter(pk=event.plan_entry_id, status=EntryStatus.PLANNED).update(
        status=EntryStatus.SCHEDULED
    )
