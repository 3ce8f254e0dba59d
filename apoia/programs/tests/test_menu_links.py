"""The site menu leads each person to the program work they have: deliveries to validate,
monitoring meetings, follow-up tasks (the reachability crawl then finds the pages)."""

import pytest
from django.urls import reverse

from apoia.accounts.models import User

pytestmark = pytest.mark.usefixtures("march_18_2026")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def menu_of(client, user) -> str:
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    content = client.get(reverse("programs:list")).content.decode()
    return content[
        content.index('id="main-navigation"') : content.index(
            "</nav>", content.index('id="main-navigation"')
        )
    ]


def test_a_focal_point_finds_its_meetings_and_tasks_in_the_menu(client, ms_ativo, mario):
    menu = menu_of(client, mario)

    assert f'href="{reverse("programs:my_meetings")}"' in menu
    assert f'href="{reverse("followup:tasks")}"' in menu
    assert f'href="{reverse("programs:delivery_queue")}"' not in menu


def test_a_units_coordinator_finds_the_deliveries_to_validate(client, ms_ativo, segem_coordinator):
    menu = menu_of(client, segem_coordinator)

    assert "Entregas para validar" in menu
    assert "Minhas tarefas" in menu
    assert "Reuniões de monitoramento" not in menu


def test_a_citizen_without_a_role_gets_no_program_work_links(client, ms_ativo):
    citizen = User.objects.create_user(
        email="cidadania@apoia.test", password="senha-de-teste-1", full_name="Cida Dania"
    )

    menu = menu_of(client, citizen)

    assert ("Minhas tarefas" in menu, "Entregas para validar" in menu) == (False, False)


def test_an_anonymous_visitor_gets_no_program_work_links(client, ms_ativo):
    assert "Minhas tarefas" not in menu_of(client, None)


def test_only_focal_points_have_a_list_of_monitoring_meetings(
    client, ms_ativo, mario, segem_coordinator
):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)
    staff = client.get(reverse("programs:my_meetings")).status_code
    client.force_login(mario, backend=MODEL_BACKEND)
    focal = client.get(reverse("programs:my_meetings")).status_code

    assert (staff, focal) == (404, 200)
