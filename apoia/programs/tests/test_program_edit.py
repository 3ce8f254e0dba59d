"""The staff page that edits a program's own fields (issue 9, item 1), and its history."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apoia.accounts.models import OrgUnit, Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import UserFactory
from apoia.programs import services
from apoia.programs.models import Program
from apoia.programs.tests.conftest import CAMPO_GRANDE_TZ

pytestmark = pytest.mark.usefixtures("march_18_2026")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
URL = "/programas/gestao/ms-ativo/editar/"
NEW_GOAL = "Reduzir pela metade a evasão escolar nos municípios focais até 2027."


def form_data(program, **overrides) -> dict:
    data = {
        "name": program.name,
        "goal": NEW_GOAL,
        "description": "Cooperação entre o Estado e os municípios.",
        "units": [OrgUnit.objects.get(slug="ms-segem").pk],
        "managing_unit": program.managing_unit_id,
    }
    data.update(overrides)
    return data


def test_a_manager_edits_the_goal_and_the_public_page_shows_it(client, ms_ativo, segem_coordinator):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    response = client.post(URL, form_data(ms_ativo))

    assert response.status_code == 302
    assert response["Location"] == "/programas/gestao/ms-ativo/"
    assert NEW_GOAL in client.get("/programas/ms-ativo/").content.decode()
    assert list(Program.objects.get().units.values_list("slug", flat=True)) == ["ms-segem"]


def test_the_staff_program_page_links_its_managers_to_the_edit_page(
    client, ms_ativo, segem_coordinator
):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    assert f'href="{URL}"' in client.get("/programas/gestao/ms-ativo/").content.decode()


def test_a_coordinator_of_another_unit_is_refused_and_changes_nothing(
    client, ms_ativo, coordinator
):
    client.force_login(coordinator, backend=MODEL_BACKEND)

    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(ms_ativo)).status_code == 404
    assert Program.objects.get().goal == (
        "Cooperação entre o Estado e os municípios baseada em indicadores."
    )


def test_a_technician_of_the_managing_unit_sees_the_program_but_may_not_edit_it(client, ms_ativo):
    technician = UserFactory(email="tecnico.segem@apoia.test")
    ensure_membership(technician, Role.TECHNICIAN, org_unit=OrgUnit.objects.get(slug="ms-segem"))
    client.force_login(technician, backend=MODEL_BACKEND)

    assert client.get("/programas/gestao/ms-ativo/").status_code == 200
    assert client.post(URL, form_data(ms_ativo)).status_code == 403


def test_the_history_records_who_changed_the_goal(client, ms_ativo, segem_coordinator):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    # A day after the program was created: the history diffs against the earlier record.
    with time_machine.travel(dt.datetime(2026, 3, 19, 9, 30, tzinfo=CAMPO_GRANDE_TZ)):
        client.post(URL, form_data(ms_ativo))
        page = client.get("/programas/gestao/ms-ativo/").content.decode()

    latest = ms_ativo.history.first()
    assert (latest.history_type, latest.history_user, latest.goal) == (
        "~",
        segem_coordinator,
        NEW_GOAL,
    )
    assert (
        "<td>19/03/2026 09:30</td><td>Sílvia Souza</td>"
        "<td>Modificado: programa — MS Ativo Municipalismo</td>"
    ) in page
    assert (
        f"objetivo: Cooperação entre o Estado e os municípios baseada em indicadores. → {NEW_GOAL}"
        in page
    )


def test_the_history_names_the_participating_units_that_were_added(
    client, ms_ativo, segem_coordinator
):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)
    segem = OrgUnit.objects.get(slug="ms-segem")

    with time_machine.travel(dt.datetime(2026, 3, 19, 9, 30, tzinfo=CAMPO_GRANDE_TZ)):
        client.post(URL, form_data(ms_ativo, goal=ms_ativo.goal))
        page = client.get("/programas/gestao/ms-ativo/").content.decode()

    assert f"unidades participantes: — → {segem}" in page


def test_the_history_shows_a_removed_participating_unit_by_name(
    client, ms_ativo, segem_coordinator
):
    segem = OrgUnit.objects.get(slug="ms-segem")
    ms_ativo.units.add(segem)
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    with time_machine.travel(dt.datetime(2026, 3, 19, 9, 30, tzinfo=CAMPO_GRANDE_TZ)):
        client.post(URL, form_data(ms_ativo, goal=ms_ativo.goal, units=[]))
        page = client.get("/programas/gestao/ms-ativo/").content.decode()

    assert f"unidades participantes: {segem} → —" in page


def test_an_empty_name_is_refused_in_portuguese(client, ms_ativo, segem_coordinator):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    response = client.post(URL, form_data(ms_ativo, name=""))

    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["Este campo é obrigatório."]


def test_a_coordinator_cannot_hand_the_program_to_a_unit_she_does_not_coordinate(
    ms_ativo, segem_coordinator
):
    other = OrgUnit.objects.filter(state=ms_ativo.state).exclude(slug="ms-segem")
    other = other.exclude(pk__in=[u.pk for u in _ancestors(ms_ativo.managing_unit)]).first()

    with pytest.raises(ValidationError) as error:
        services.update_program(
            ms_ativo,
            by=segem_coordinator,
            name=ms_ativo.name,
            goal=NEW_GOAL,
            description="",
            managing_unit=other,
            units=[],
        )

    assert error.value.message_dict["managing_unit"] == [
        "Escolha uma unidade que você coordena; só a administração transfere o programa para "
        "outra unidade."
    ]
    assert Program.objects.get().managing_unit.slug == "ms-segem"


def _ancestors(unit):
    while unit is not None:
        yield unit
        unit = unit.parent


def test_the_history_names_the_new_managing_unit_not_its_id(client, ms_ativo, segem_coordinator):
    segem = ms_ativo.managing_unit
    other = OrgUnit.objects.filter(state=ms_ativo.state).exclude(pk=segem.pk).first()
    ensure_membership(segem_coordinator, Role.COORDINATOR, org_unit=other)
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    with time_machine.travel(dt.datetime(2026, 3, 19, 9, 30, tzinfo=CAMPO_GRANDE_TZ)):
        client.post(URL, form_data(ms_ativo, goal=ms_ativo.goal, managing_unit=other.pk))
        page = client.get("/programas/gestao/ms-ativo/").content.decode()

    assert f"unidade gestora: {segem} → {other}" in page
