"""A program's own fields (name, goal, public description, units), edited by its managers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit, Role
from apoia.programs import queries
from apoia.programs.models import Program

TEXT_FIELDS = ("name", "goal", "description")


def _coordinates(user, unit: OrgUnit) -> bool:
    return user.is_admin or bool(
        user.scope_ids(Role.COORDINATOR, "org_unit") & queries._unit_and_ancestors(unit)
    )


@transaction.atomic
def update_program(
    program: Program,
    *,
    by,
    name: str,
    goal: str,
    description: str,
    managing_unit: OrgUnit,
    units,
) -> Program:
    """Save the program's fields and its participating units; the history keeps who changed
    what, the units included (Program's history tracks that many-to-many)."""
    if not queries.is_manager(by, program):
        raise PermissionDenied(_("Só a gestão do programa pode editá-lo."))
    units = list(units)
    errors: dict[str, list[str]] = {}
    if managing_unit is None:
        errors["managing_unit"] = [_("Escolha a unidade gestora.")]
    elif managing_unit.state_id != program.state_id:
        errors["managing_unit"] = [_("Escolha uma unidade do estado do programa.")]
    elif managing_unit.pk != program.managing_unit_id and not _coordinates(by, managing_unit):
        # Handing the program to a unit one does not coordinate would lock its editor out.
        errors["managing_unit"] = [
            _(
                "Escolha uma unidade que você coordena; só a administração transfere o "
                "programa para outra unidade."
            )
        ]
    if any(unit.state_id != program.state_id for unit in units):
        errors["units"] = [_("Escolha unidades do estado do programa.")]
    program.name, program.goal, program.description = (
        name.strip(),
        goal.strip(),
        description.strip(),
    )
    if managing_unit is not None:
        program.managing_unit = managing_unit
    try:
        program.full_clean(exclude=["slug", "state", "adhesion_service", "managing_unit"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        # The caller's page still shows the program as stored.
        program.refresh_from_db()
        raise ValidationError(errors)
    program._history_user = by
    program.save()
    program.units.set(units)
    return program
