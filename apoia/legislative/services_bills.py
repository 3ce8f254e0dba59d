"""Bills followed by the legislative desk: filing, editing and their status history.

Who may act is asked of `apoia.legislative.queries`; a refusal of the person raises
PermissionDenied, bad data a ValidationError keyed by field (messages in Portuguese).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.legislative import queries
from apoia.legislative.models import Bill, BillKind, BillStatus, BillStatusChange, House

FIRST_YEAR = 1900
TEXT_LIMITS = {"author": 200, "summary": 4000, "link": 200}


def _check_desk(by, bill) -> None:
    if not queries.is_desk_for(by, bill):
        raise PermissionDenied(_("Só a unidade que acompanha a proposição pode fazer isto."))


def _clean(
    *, desk, house, municipality, kind, number, year, author, summary, link, units, programs
):
    """The errors of a bill's facts, by field (empty when they are fine)."""
    errors: dict[str, list[str]] = {}
    if house not in House.values:
        errors["house"] = [_("Escolha a casa legislativa.")]
    elif house == House.MUNICIPAL_CHAMBER and municipality is None:
        errors["municipality"] = [_("Informe o município da câmara municipal.")]
    elif house == House.MUNICIPAL_CHAMBER and municipality.state_id != desk.state_id:
        errors["municipality"] = [_("O município não pertence ao estado da unidade.")]
    elif house == House.STATE_ASSEMBLY and municipality is not None:
        errors["municipality"] = [_("Uma proposição da assembleia legislativa não tem município.")]
    if kind not in BillKind.values:
        errors["kind"] = [_("Escolha o tipo da proposição.")]
    if not isinstance(number, int) or number < 1:
        errors["number"] = [_("Informe o número da proposição (inteiro maior que zero).")]
    last_year = timezone.localdate().year + 1
    if not isinstance(year, int) or not FIRST_YEAR <= year <= last_year:
        errors["year"] = [
            _("Informe o ano, entre %(first)s e %(last)s.")
            % {"first": FIRST_YEAR, "last": last_year}
        ]
    for field, value in (("author", author), ("summary", summary)):
        if not (value or "").strip():
            errors[field] = [_("Campo obrigatório.")]
    for field, limit in TEXT_LIMITS.items():
        value = {"author": author, "summary": summary, "link": link}[field] or ""
        if len(value) > limit and field not in errors:
            errors[field] = [_("Use no máximo %(count)s caracteres.") % {"count": limit}]
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = [_("Informe um endereço que comece com https://.")]
    if any(u.state_id != desk.state_id for u in units):
        errors["affected_units"] = [_("Escolha unidades do estado da proposição.")]
    if any(p.state_id != desk.state_id for p in programs):
        errors["affected_programs"] = [_("Escolha programas do estado da proposição.")]
    return errors


def _check_unique(bill_id, *, desk, house, municipality, kind, number, year) -> None:
    same = Bill.objects.filter(
        house=house,
        state_id=desk.state_id,
        municipality=municipality,
        kind=kind,
        number=number,
        year=year,
    ).exclude(pk=bill_id)
    if same.exists():
        raise ValidationError({"number": [_("Esta proposição já está cadastrada.")]})


@transaction.atomic
def create_bill(
    *,
    by,
    desk: OrgUnit,
    house: str,
    kind: str,
    number: int,
    year: int,
    author: str,
    summary: str,
    municipality=None,
    link: str = "",
    filed_on: dt.date | None = None,
    affected_units=(),
    affected_programs=(),
) -> Bill:
    """A bill followed by `desk` (whose staff `by` must be), with its first status row
    ("Apresentada" on `filed_on`, today by default)."""
    if not queries.may_act_for(by, desk):
        raise PermissionDenied(_("Você não trabalha nesta unidade."))
    units, programs = list(affected_units), list(affected_programs)
    if house == House.STATE_ASSEMBLY:
        municipality = municipality or None
    errors = _clean(
        desk=desk,
        house=house,
        municipality=municipality,
        kind=kind,
        number=number,
        year=year,
        author=author,
        summary=summary,
        link=link,
        units=units,
        programs=programs,
    )
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        errors["filed_on"] = [_("A data não pode estar no futuro.")]
    if errors:
        raise ValidationError(errors)
    facts = {"house": house, "municipality": municipality, "kind": kind}
    _check_unique(None, desk=desk, number=number, year=year, **facts)
    bill = Bill.objects.create(
        desk=desk,
        state_id=desk.state_id,
        number=number,
        year=year,
        author=author.strip(),
        summary=summary.strip(),
        link=link.strip(),
        status=BillStatus.FILED,
        created_by=by,
        **facts,
    )
    bill.affected_units.set(units)
    bill.affected_programs.set(programs)
    BillStatusChange.objects.create(
        bill=bill, status=BillStatus.FILED, happened_on=filed_on, recorded_by=by
    )
    return bill


@transaction.atomic
def edit_bill(
    *,
    by,
    bill: Bill,
    house: str,
    kind: str,
    number: int,
    year: int,
    author: str,
    summary: str,
    municipality=None,
    link: str = "",
    affected_units=(),
    affected_programs=(),
) -> Bill:
    """Correct a bill's facts (its status changes only through `record_status`)."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    _check_desk(by, bill)
    units, programs = list(affected_units), list(affected_programs)
    errors = _clean(
        desk=bill.desk,
        house=house,
        municipality=municipality,
        kind=kind,
        number=number,
        year=year,
        author=author,
        summary=summary,
        link=link,
        units=units,
        programs=programs,
    )
    if errors:
        raise ValidationError(errors)
    facts = {"house": house, "municipality": municipality, "kind": kind}
    _check_unique(bill.pk, desk=bill.desk, number=number, year=year, **facts)
    for field, value in facts.items():
        setattr(bill, field, value)
    bill.number, bill.year = number, year
    bill.author, bill.summary, bill.link = author.strip(), summary.strip(), link.strip()
    bill.save()
    bill.affected_units.set(units)
    bill.affected_programs.set(programs)
    return bill


@transaction.atomic
def record_status(
    *, by, bill: Bill, status: str, happened_on: dt.date, note: str = ""
) -> BillStatusChange:
    """A row of the bill's history; the bill's status is that of its latest row."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    _check_desk(by, bill)
    errors = {}
    if status not in BillStatus.values:
        errors["status"] = [_("Escolha a situação.")]
    if not happened_on:
        errors["happened_on"] = [_("Informe a data.")]
    elif happened_on > timezone.localdate():
        errors["happened_on"] = [_("A data não pode estar no futuro.")]
    if len(note or "") > 2000:
        errors["note"] = [_("Use no máximo %(count)s caracteres.") % {"count": 2000}]
    if errors:
        raise ValidationError(errors)
    change = BillStatusChange.objects.create(
        bill=bill, status=status, happened_on=happened_on, note=(note or "").strip(), recorded_by=by
    )
    latest = bill.status_changes.order_by("-happened_on", "-pk").first()
    if bill.status != latest.status:
        bill.status = latest.status
        bill.save(update_fields=["status"])
    return change
