"""Business rules of the organization registry: staff create and edit organizations directly;
a representative's edit becomes a pending `OrganizationChange` (one per organization, a second
edit updates it) that staff of the organization's state approve or refuse with a reason."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from validate_docbr import CPF

from apoia.accounts.models import Organization, OrganizationKind, normalize_document
from apoia.society import queries
from apoia.society.models.registry import (
    AreaOfWork,
    ChangeStatus,
    Leader,
    OrganizationChange,
    OrganizationRecord,
)
from apoia.territory.models import Municipality

ORGANIZATION_FIELDS = ("name", "cnpj", "kind", "email", "phone")
RECORD_FIELDS = ("legal_nature", "address", "postal_code", "website", "description")
LEADER_FIELDS = ("name", "position", "mandate_start", "mandate_end", "cpf", "email", "phone")
PERSONAL_LEADER_FIELDS = ("cpf", "email", "phone")


def clean_cpf(value: str) -> str:
    """A leader's CPF as bare digits ("" when blank); ValidationError when the check digits
    fail. The edit form, the API and the CSV import all go through here."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not digits and not (value or "").strip():
        return ""
    if len(digits) != 11 or not CPF().validate(digits):
        raise ValidationError(_("CPF inválido."))
    return digits


def _date_text(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value or ""


def snapshot(organization: Organization) -> dict:
    """The organization's record as a JSON-able dict (the shape of `OrganizationChange`)."""
    record = OrganizationRecord.objects.filter(organization=organization).first()
    data = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS}
    data["municipality"] = organization.municipality_id
    for field in RECORD_FIELDS:
        data[field] = getattr(record, field) if record else ""
    data["founded_on"] = _date_text(record.founded_on) if record else ""
    data["areas"] = sorted(record.areas.values_list("slug", flat=True)) if record else []
    data["leaders"] = [
        {field: _date_text(getattr(leader, field)) for field in LEADER_FIELDS}
        for leader in organization.leaders.all()
    ]
    return data


def _apply(organization: Organization, data: dict) -> Organization:
    """Write `data` (the snapshot shape) onto the organization, its record and leaders."""
    for field in ORGANIZATION_FIELDS:
        if field in data:
            setattr(organization, field, data[field] or "")
    if data.get("municipality"):
        organization.municipality_id = data["municipality"]
    duplicate = (
        organization.cnpj
        and Organization.objects.filter(cnpj=normalize_document(organization.cnpj))
        .exclude(pk=organization.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError({"cnpj": [_("Já existe uma organização com este CNPJ.")]})
    try:
        organization.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        raise ValidationError({"cnpj": [_("Já existe uma organização com este CNPJ.")]}) from None
    record, _created = OrganizationRecord.objects.get_or_create(organization=organization)
    for field in RECORD_FIELDS:
        if field in data:
            setattr(record, field, data[field] or "")
    if "founded_on" in data:
        record.founded_on = data["founded_on"] or None
    record.full_clean(exclude=["organization"])
    record.save()
    if "areas" in data:
        areas = list(AreaOfWork.objects.filter(slug__in=data["areas"]))
        if len(areas) != len(set(data["areas"])):
            raise ValidationError({"areas": [_("Área de atuação desconhecida.")]})
        record.areas.set(areas)
    if "leaders" in data:
        organization.leaders.all().delete()
        for number, row in enumerate(data["leaders"], start=1):
            leader = Leader(organization=organization)
            for field in LEADER_FIELDS:
                value = row.get(field) or ("" if "mandate" not in field else None)
                setattr(leader, field, value)
            try:
                leader.cpf = clean_cpf(leader.cpf)
                leader.full_clean()
            except ValidationError as error:
                messages = [
                    _("Dirigente %(number)s: %(message)s") % {"number": number, "message": m}
                    for m in error.messages
                ]
                raise ValidationError({"leaders": messages}) from None
            leader.save()
    return organization


def create_organization(*, by, municipality, **data) -> Organization:
    """Staff of the municipality's state create an organization (with its record)."""
    if not queries.is_society_staff(by, municipality.state_id):
        raise ValidationError(_("Você não gerencia as organizações deste estado."))
    with transaction.atomic():
        organization = Organization(municipality=municipality)
        return _apply(organization, data)


def edit_organization(*, organization: Organization, by, data: dict):
    """Staff edit directly (returns None); a representative proposes (returns the change)."""
    if queries.may_manage_organization(by, organization):
        with transaction.atomic():
            _apply(organization, data)
        return None
    if not queries.represents(by, organization):
        raise ValidationError(_("Você não pode alterar esta organização."))
    data = {key: value for key, value in data.items() if key != "municipality"}
    with transaction.atomic():
        previous = snapshot(organization)
        proposed = {**previous, **data}
        change = (
            OrganizationChange.objects.select_for_update()
            .filter(organization=organization, status=ChangeStatus.PENDING)
            .first()
        )
        if change is None:
            return OrganizationChange.objects.create(
                organization=organization, proposed=proposed, previous=previous, proposed_by=by
            )
        change.proposed = proposed
        change.previous = previous
        change.proposed_by = by
        change.save(update_fields=["proposed", "previous", "proposed_by"])
        return change


def diff(change: OrganizationChange) -> list[tuple[str, object, object]]:
    """(field, old, new) for each field the change alters."""
    keys = list(change.previous) + [k for k in change.proposed if k not in change.previous]
    return [
        (key, change.previous.get(key), change.proposed.get(key))
        for key in keys
        if change.previous.get(key) != change.proposed.get(key)
    ]


def _check_reviewer(change: OrganizationChange, by):
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("Esta alteração já foi analisada."))
    if not queries.may_manage_organization(by, change.organization):
        raise ValidationError(_("Você não analisa as alterações desta organização."))


def approve_change(*, change: OrganizationChange, by) -> OrganizationChange:
    with transaction.atomic():
        _check_reviewer(change, by)
        _apply(change.organization, change.proposed)
        change.status = ChangeStatus.APPROVED
        change.reviewed_by = by
        change.reviewed_at = timezone.now()
        change.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return change


def refuse_change(*, change: OrganizationChange, by, reason: str) -> OrganizationChange:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("A recusa precisa de um motivo.")]})
    with transaction.atomic():
        _check_reviewer(change, by)
        change.status = ChangeStatus.REFUSED
        change.reason = reason
        change.reviewed_by = by
        change.reviewed_at = timezone.now()
        change.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    return change


_LABELS = {
    "name": gettext_lazy("Nome"),
    "cnpj": gettext_lazy("CNPJ"),
    "kind": gettext_lazy("Tipo"),
    "email": gettext_lazy("E-mail institucional"),
    "phone": gettext_lazy("Telefone institucional"),
    "municipality": gettext_lazy("Município"),
    "legal_nature": gettext_lazy("Natureza jurídica"),
    "address": gettext_lazy("Endereço"),
    "postal_code": gettext_lazy("CEP"),
    "website": gettext_lazy("Sítio na internet"),
    "description": gettext_lazy("Apresentação"),
    "founded_on": gettext_lazy("Data de fundação"),
    "areas": gettext_lazy("Áreas de atuação"),
    "leaders": gettext_lazy("Dirigentes"),
}


def _short_date(value) -> str:
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if value else "?"


def _public_board(leaders) -> list[tuple]:
    return [
        tuple(leader.get(f) or "" for f in LEADER_FIELDS if f not in PERSONAL_LEADER_FIELDS)
        for leader in leaders or []
    ]


def _readable(key: str, value) -> str:
    """How the reviewer reads a value of the snapshot (names, not ids or slugs)."""
    if value in (None, "", []):
        return ""
    if key == "kind":
        return str(dict(OrganizationKind.choices).get(value, value))
    if key == "municipality":
        town = Municipality.objects.filter(pk=value).select_related("state").first()
        return f"{town.name}/{town.state.uf}" if town else str(value)
    if key == "founded_on":
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if key == "areas":
        names = dict(AreaOfWork.objects.filter(slug__in=value).values_list("slug", "name"))
        return "; ".join(names.get(slug, slug) for slug in value)
    if key == "leaders":
        # Name, position and mandate: what changed on the board, never CPF, e-mail or phone.
        return "; ".join(
            f"{leader.get('name', '')} — {leader.get('position', '')}"
            + (
                f" ({_short_date(leader.get('mandate_start'))} – "
                f"{_short_date(leader.get('mandate_end'))})"
                if leader.get("mandate_start") or leader.get("mandate_end")
                else ""
            )
            for leader in value
        )
    return str(value)


def readable_diff(change: OrganizationChange) -> list[tuple[str, str, str]]:
    """`diff` for people: (label, before, after) with names instead of ids and slugs."""
    rows = []
    for key, old, new in diff(change):
        before, after = _readable(key, old), _readable(key, new)
        if key == "leaders" and _public_board(old) == _public_board(new):
            # Only CPF, personal e-mail or phone changed: say so without showing them.
            after = _("Dados pessoais alterados (não exibidos).")
        rows.append((str(_LABELS.get(key, key)), before, after))
    return rows
