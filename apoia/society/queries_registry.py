"""The public registry's filters and its open data (never personal data of leaders), and
which CSV imports a member of staff sees."""

from django.http import Http404

from apoia.catalog.search import fold
from apoia.society.models.registry import ImportBatch
from apoia.society.queries import (
    STAFF_ROLES,
    is_society_staff,
    public_organizations,
    staff_state_ids,
)


def filter_registry(*, uf="", municipality="", kind="", area="", q=""):
    """Public organizations by UF, municipality (IBGE code), kind, area slug and free text
    (accents and case ignored). Without text, a queryset (the list paginates and the CSV
    streams in the database); with text, a list, as the accent-folding match runs in Python
    over what the other filters left."""
    qs = public_organizations().prefetch_related("record__areas")
    if uf:
        qs = qs.filter(municipality__state__uf=uf.upper()[:2])
    if str(municipality).isdigit():
        qs = qs.filter(municipality__ibge=municipality)
    if kind:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(record__areas__slug=area)
    qs = qs.distinct()
    words = fold(q).split()
    if not words:
        return qs
    return [o for o in qs if all(w in fold(f"{o.name} {o.cnpj}") for w in words)]


def areas_of(organization) -> list[str]:
    record = getattr(organization, "record", None)
    return [a.name for a in record.areas.all()] if record else []


def open_row(organization) -> dict:
    """An organization as the open data shows it: institutional contacts only."""
    record = getattr(organization, "record", None)
    return {
        "cnpj": organization.cnpj or None,
        "name": organization.name,
        "kind": organization.kind,
        "municipality": organization.municipality.name,
        "municipality_code": organization.municipality.ibge,
        "uf": organization.municipality.state.uf,
        "areas": areas_of(organization),
        "legal_nature": record.legal_nature if record else "",
        "founded_on": record.founded_on.isoformat() if record and record.founded_on else None,
        "email": organization.email,
        "phone": organization.phone,
    }


def visible_import_batches(user):
    """Imports uploaded by staff of the user's states (every import for an admin)."""
    if not is_society_staff(user):
        return ImportBatch.objects.none()
    batches = ImportBatch.objects.select_related("uploaded_by")
    ids = staff_state_ids(user)
    if ids is None:
        return batches
    return batches.filter(
        uploaded_by__memberships__role__in=STAFF_ROLES,
        uploaded_by__memberships__org_unit__state_id__in=ids,
    ).distinct()


def get_import_batch(user, pk) -> ImportBatch:
    """A batch the user sees, or 404 (another state's imports are not theirs to know of)."""
    try:
        return visible_import_batches(user).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
