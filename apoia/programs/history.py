"""The history tab of every programs page: who changed what, when, read from
django-simple-history records and shown with labels and names, never stored codes or ids."""

from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name


def _shown(field, value):
    if value is None or value == "":
        return "—"
    if field.many_to_many:
        # With foreign_keys_are_objs each row of the through table carries both objects;
        # the reader wants the related side ("Secretaria de Saúde"), not the pair of ids.
        target = get_m2m_reverse_field_name(field)
        names = sorted(str(row[target]) for row in value)
        return ", ".join(names) if names else "—"
    if field.is_relation:
        # A deleted target comes back as a DeletedObject: say so rather than show its id.
        return str(value) if hasattr(value, "pk") and value.pk is not None else _("(excluído)")
    labels = dict(field.flatchoices) if field.choices else {}
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value) if value else "—"
    if labels:
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("sim") if value else _("não")
    return value


def _change(field, old, new) -> dict:
    return {
        "field": str(field.verbose_name),
        "old": _shown(field, old),
        "new": _shown(field, new),
    }


def history_rows(records) -> list[dict]:
    """Each record's who, when and which fields changed (against the previous record)."""
    rows = []
    for record in records:
        previous = record.prev_record
        changed = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            changed = [
                _change(record.instance._meta.get_field(c.field), c.old, c.new)
                for c in delta.changes
            ]
            if not changed and record.history_type == "~":
                # A save that changed nothing the reader can see (e.g. a cached field).
                continue
        rows.append(
            {
                "at": record.history_date,
                "who": record.history_user.full_name if record.history_user else _("Sistema"),
                "kind": record.get_history_type_display(),
                "object": str(record.instance._meta.verbose_name),
                # The instance as it was then: str(record) appends "as of <UTC time>".
                "label": str(record.instance),
                "changes": changed,
            }
        )
    return rows
