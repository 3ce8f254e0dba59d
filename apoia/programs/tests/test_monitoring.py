"""The monitoring dashboard: who opens it, its figures, filters, sorting and spreadsheets."""

import datetime as dt

import pytest
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.programs.models import DeliveryStatus
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA, GAMA
from apoia.programs.tests.plan_helpers import TZ, at

pytestmark = pytest.mark.django_db

V, S, R, P = (
    DeliveryStatus.VALIDATED,
    DeliveryStatus.SUBMITTED,
    DeliveryStatus.RETURNED,
    DeliveryStatus.PENDING,
)
TZ_NOON = dt.time(12)


@pytest.fixture
def world(state_ms, community_unit):
    found = h.world(state_ms, community_unit)
    found.other_unit = ensure_unit("ms-segem")
    found.formacao = h.action(found, "Formação", ["1", "2", "5"], challenges=[found.education])
    found.fiscal = h.action(found, "Gestão fiscal", ["2"], unit=found.other_unit)
    # Alfa: 7 of 10 (Formação 1 pending, 2 and 5 validated; Gestão fiscal 2 submitted).
    found.alfa = h.plan(found, ALFA, [found.formacao, found.fiscal], [P, V, V, S])
    # Beta: 0 of 8, returned, late since 19/08/2024.
    found.beta = h.plan(found, BETA, [found.formacao], [R, P, P])
    h.adhesion_of(found.program, found.phase, GAMA)  # adhered, no plan
    return found


def url(world, **params):
    base = reverse("programs:monitoring", args=[world.program.slug])
    if not params:
        return base
    from django.utils.http import urlencode

    return f"{base}?{urlencode(params)}"


def _person(email, role, **scope):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership

    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=email)
    ensure_membership(user, role, **scope)
    return user


def test_the_managing_units_coordinator_sees_the_whole_phase(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world))

    assert response.status_code == 200
    rows = {r["municipality"].ibge: r for r in response.context["rows"]}
    assert {ibge: r["progress"].value for ibge, r in rows.items()} == {
        ALFA: 0.7,
        BETA: 0.0,
        GAMA: None,
    }
    # Σ validated / Σ total of the phase: 7 / 18.
    assert str(response.context["figure"].percent) == "38.9"
    assert "38,9%" in response.content.decode()


def test_another_units_coordinator_and_a_focal_point_get_404(
    client, sign_in, world, municipal_user, ombudsman
):
    assert sign_in(municipal_user).get(url(world)).status_code == 404
    assert sign_in(ombudsman).get(url(world)).status_code == 404


def test_an_offering_units_technician_sees_only_the_deliveries_of_its_actions(
    client, sign_in, world
):
    segem_tech = _person("tecnico@segem.test", Role.TECHNICIAN, org_unit=world.other_unit)
    # The managing unit is community_unit; ms-segem only offers Gestão fiscal.
    with at(dt.date(2024, 9, 2)):
        response = sign_in(segem_tech).get(url(world))

    assert response.status_code == 200
    assert [(r["municipality"].ibge, r["progress"].value) for r in response.context["rows"]] == [
        (ALFA, 0.0)
    ]
    assert [r["delivery"].delivery.title for r in response.context["waiting"]["rows"]] == [
        "Entrega 1"
    ]


def test_the_challenge_filter_narrows_every_table(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world, fase="fase-3", desafio=world.education.pk))

    assert response.context["figure"].value == 7 / 16
    assert response.context["waiting"]["count"] == 0


def test_the_municipality_filter_keeps_one_row(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world, fase="fase-3", municipio=BETA))

    assert [r["municipality"].ibge for r in response.context["rows"]] == [BETA]
    assert response.context["late"]["count"] == 3


def test_the_table_sorts_by_progress_and_by_late_count(client, sign_in, world, coordinator):
    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        by_progress = client.get(url(world, fase="fase-3", ordem="-progress"))
        by_late = client.get(url(world, fase="fase-3", ordem="-late"))

    assert [r["municipality"].name for r in by_progress.context["rows"]] == [
        "Alfa",
        "Beta",
        "Gama",
    ]
    assert [(r["municipality"].name, r["late"]) for r in by_late.context["rows"]] == [
        ("Beta", 3),
        ("Alfa", 2),
        ("Gama", 0),
    ]


def test_waiting_evidence_shows_its_age_in_business_days(client, sign_in, world, coordinator):
    submitted = world.alfa.items.get(action=world.fiscal).deliveries.get()
    # Friday 30 August 2024 → Monday 9 September 2024: 6 business days.
    submitted.submitted_at = dt.datetime(2024, 8, 30, 15, 0, tzinfo=h_tz())
    submitted.save()
    with at(dt.date(2024, 9, 9)):
        response = sign_in(coordinator).get(url(world))

    assert [row["age"] for row in response.context["waiting"]["rows"]] == [6]
    assert "6 dias úteis" in response.content.decode()


def h_tz():
    from apoia.programs.tests.plan_helpers import TZ

    return TZ


def test_the_municipality_table_downloads_as_csv(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(
            url(world, fase="fase-3", export="csv", table="municipios")
        )

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines == [
        "Código IBGE;Município;Plano;Versão aprovada;Peso validado;Peso total;Progresso (%);"
        "Entregas;Entregas validadas;Entregas atrasadas",
        "5000001;Alfa;Aprovado;1;7,00;10,00;70,0;4;2;2",
        "5000002;Beta;Aprovado;1;0,00;8,00;0,0;3;0;3",
        "5000003;Gama;sem plano;;0,00;0,00;;0;0;0",
    ]


def test_the_late_table_downloads_as_xlsx(client, sign_in, world, coordinator):
    import io

    from openpyxl import load_workbook

    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world, export="xlsx", table="atrasadas"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[:5] + row[6:] for row in rows[:2]] == [
        [
            ALFA,
            "Alfa",
            "Formação",
            world.unit.name,
            "Entrega 1",
            dt.datetime(2024, 8, 19),
            "Pendente",
        ],
        [
            ALFA,
            "Alfa",
            "Gestão fiscal",
            world.other_unit.name,
            "Entrega 1",
            dt.datetime(2024, 8, 19),
            "Enviada para validação",
        ],
    ]
    assert len(rows) == 5


def test_the_staff_formula_page_lists_the_deliveries_behind_the_figure(
    client, sign_in, world, coordinator
):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(
            reverse("programs:monitoring_progress", args=[world.program.slug])
            + f"?fase=fase-3&municipio={ALFA}"
        )

    content = response.content.decode()
    assert response.context["figure"].value == 0.7
    assert "7 ÷ 10 = <strong>70,0%</strong>" in content
    assert len(response.context["deliveries"]) == 4


def test_the_staff_program_page_links_the_dashboard(client, sign_in, world, coordinator):
    response = sign_in(coordinator).get(
        reverse("programs:staff_program", args=[world.program.slug])
    )

    assert url(world) in response.content.decode()


def test_every_table_has_its_own_paginated_page(client, sign_in, world, coordinator):
    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        pages = {
            name: client.get(
                reverse("programs:monitoring_table", args=[world.program.slug, name])
                + "?fase=fase-3"
            )
            for name in ("atrasadas", "aguardando", "devolvidas", "indicadores")
        }

    assert {name: r.status_code for name, r in pages.items()} == {
        "atrasadas": 200,
        "aguardando": 200,
        "devolvidas": 200,
        "indicadores": 200,
    }
    assert pages["atrasadas"].context["page_obj"].paginator.count == 5


def test_the_dashboard_pages_have_sound_outlines(client, sign_in, world, coordinator):
    from apoia.tests.html import duplicate_ids, heading_jumps

    client = sign_in(coordinator)
    addresses = [
        url(world),
        reverse("programs:monitoring_progress", args=[world.program.slug]),
        reverse("programs:monitoring_table", args=[world.program.slug, "aguardando"]),
        reverse("programs:plan", args=[world.alfa.pk]),
    ]
    with at(dt.date(2024, 9, 2)):
        found = {a: client.get(a).content.decode() for a in addresses}

    assert {a: (duplicate_ids(html), heading_jumps(html)) for a, html in found.items()} == {
        a: ([], []) for a in addresses
    }


def test_the_dashboard_shows_each_targets_movement(client, sign_in, world, coordinator):
    from apoia.indicators.models import IndicatorValue

    h.target(world.alfa, world.formacao, world.idhm_e, baseline=0.412, period=2010, goal=0.512)
    IndicatorValue.objects.create(
        indicator=world.idhm_e, municipality_id=ALFA, period=2022, value=0.487
    )
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world))

    [found] = response.context["movements_preview"]
    assert (found.municipality_id, found.share) == (ALFA, 0.75)
    assert "De 0,412 para 0,487: melhorou; 75,0% do caminho até a meta." in (
        response.content.decode()
    )


def test_the_dashboards_queries_do_not_grow_with_the_number_of_plans(
    client, sign_in, world, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apoia.programs.tests.menu_helpers import DELTA, EPSILON

    client = sign_in(coordinator)

    def count():
        with at(dt.date(2024, 9, 2)), CaptureQueriesContext(connection) as queries:
            assert client.get(url(world)).status_code == 200
        return len(queries)

    before = count()
    for ibge in (DELTA, EPSILON):
        h.plan(world, ibge, [world.formacao, world.fiscal], [V, P, R, P])

    assert count() == before


def test_the_dashboard_lists_the_meetings_open_tasks_with_owner_and_late_tag(
    client, sign_in, world, coordinator
):
    from apoia.followup.services import create_task
    from apoia.programs.models import Meeting, MeetingDecision

    meeting = Meeting.objects.create(
        phase=world.phase,
        title="Reunião de agosto",
        starts_at=dt.datetime(2024, 8, 5, 14, tzinfo=TZ),
        modality="online",
        link="https://reuniao.exemplo.gov.br/agosto",
        created_by=coordinator,
    )
    decision = MeetingDecision.objects.create(meeting=meeting, text="Rever o plano de Beta.")
    with at(dt.date(2024, 8, 5)):
        create_task(
            title="Rever o plano de Beta",
            by=coordinator,
            owner_user=coordinator,
            due=dt.date(2024, 8, 30),
            source=decision,
        )
        response = sign_in(coordinator).get(url(world))
    with at(dt.date(2024, 9, 2)):
        late = sign_in(coordinator).get(url(world)).content.decode()

    assert "Rever o plano de Beta" in response.content.decode()
    assert "30/08/2024 <span" not in response.content.decode()
    assert '30/08/2024 <span class="br-tag small" data-status="late">Atrasada</span>' in late
