"""Public accountability pages: figures with their formula, evidence titles, open data, and
no personal data anywhere."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from apoia.accounts.tests.factories import bearer
from apoia.programs.models import DeliveryReview, DeliveryStatus, Evidence, FocalPoint
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA
from apoia.programs.tests.plan_helpers import TZ, at

pytestmark = pytest.mark.django_db

V, S, R, P = (
    DeliveryStatus.VALIDATED,
    DeliveryStatus.SUBMITTED,
    DeliveryStatus.RETURNED,
    DeliveryStatus.PENDING,
)
PERSONAL = [
    "Renata",
    "renata.lima@exemplo.ms.gov.br",
    "renata@exemplo.ms.gov.br",
    "3314-0000",
    "Mário",
    "mario@apoia.test",
    "Carla",
    "carla@apoia.test",
    "/evidencias/",
]


@pytest.fixture
def world(state_ms, community_unit, municipal_user, coordinator):
    found = h.world(state_ms, community_unit)
    found.formacao = h.action(found, "Formação", ["1", "2", "5"], challenges=[found.education])
    found.alfa = h.plan(found, ALFA, [found.formacao], [P, V, V])
    found.beta = h.plan(found, BETA, [found.formacao], [R, S, P])
    FocalPoint.objects.create(
        adhesion=found.alfa.adhesion,
        name="Renata Lima",
        role="Secretária de Planejamento",
        email="renata.lima@exemplo.ms.gov.br",
        phone="(67) 3314-0000",
    )
    validated = found.alfa.items.get().deliveries.get(delivery__order=3)
    moment = dt.datetime(2024, 8, 20, 10, tzinfo=TZ)
    evidence = Evidence.objects.create(
        delivery=validated,
        kind="link",
        version=1,
        title="Relatório publicado no portal da prefeitura",
        value="https://alfa.ms.gov.br/relatorio",
        sent_by=municipal_user,
        sent_at=moment,
    )
    DeliveryReview.objects.create(
        delivery=validated,
        decision="validate",
        comment="Conferido por Carla",
        evidence_ids=[evidence.pk],
        by=coordinator,
        at=moment,
    )
    validated.validated_at = moment
    validated.save()
    return found


def page(world, ibge=None, **params):
    if ibge is None:
        base = reverse("programs:transparency", args=[world.program.slug])
    else:
        base = reverse("programs:transparency_municipality", args=[world.program.slug, ibge])
    from django.utils.http import urlencode

    return f"{base}?{urlencode(params)}" if params else base


def test_the_program_page_shows_each_municipalitys_progress_and_the_phases_formula(client, world):
    with at(dt.date(2024, 9, 2)):
        response = client.get(page(world))

    content = response.content.decode()
    assert response.status_code == 200
    assert [(r["municipality"].name, r["progress"].value) for r in response.context["rows"]] == [
        ("Alfa", 0.875),
        ("Beta", 0.0),
    ]
    # The phase: 7 of 16.
    assert "7 ÷ 16 = <strong>43,8%</strong>" in content
    assert reverse("programs:transparency_progress", args=[world.program.slug]) in content


def test_the_municipality_page_lists_validated_deliveries_with_their_evidence_titles(client, world):
    with at(dt.date(2024, 9, 2)):
        response = client.get(page(world, ALFA, fase="fase-3"))

    content = response.content.decode()
    assert "7 ÷ 8 = <strong>87,5%</strong>" in content
    assert "Relatório publicado no portal da prefeitura (Link)" in content
    assert "atrasada" in content  # Entrega 1, pending since 19/08/2024


@pytest.mark.parametrize("which", ["program", "municipality", "formula"])
def test_the_public_pages_carry_no_personal_data(client, world, which):
    address = {
        "program": page(world),
        "municipality": page(world, ALFA),
        "formula": reverse("programs:transparency_progress", args=[world.program.slug]),
    }[which]
    with at(dt.date(2024, 9, 2)):
        content = client.get(address).content.decode()

    assert [word for word in PERSONAL if word in content] == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_open_data_carries_no_personal_data(client, world, fmt):
    with at(dt.date(2024, 9, 2)):
        program = client.get(
            reverse("programs:transparency_data", args=[world.program.slug, fmt])
        ).content.decode()
        municipality = client.get(
            reverse("programs:transparency_municipality_data", args=[world.program.slug, ALFA, fmt])
        ).content.decode()

    assert [word for word in PERSONAL if word in program + municipality] == []


def test_the_open_data_json_has_the_figures_and_each_delivery(client, world):
    with at(dt.date(2024, 9, 2)):
        body = json.loads(
            client.get(
                reverse("programs:transparency_data", args=[world.program.slug, "json"])
            ).content
        )

    assert body["progresso_da_fase"] == {
        "progresso": 0.4375,
        "peso_validado": "7.00",
        "peso_total": "16.00",
        "entregas": 6,
        "entregas_validadas": 2,
    }
    alfa_third = [d for d in body["entregas"] if d["ibge"] == ALFA][2]
    assert alfa_third == {
        "programa": "ms-ativo",
        "fase": "fase-3",
        "ibge": ALFA,
        "municipio": "Alfa",
        "acao": "Formação",
        "unidade_ofertante": world.unit.name,
        "entrega": "Entrega 3",
        "peso": "5.00",
        "prazo": "2024-08-19",
        "situacao": "validated",
        "atrasada": False,
        "validada_em": "2024-08-20",
        "evidencias": [{"tipo": "link", "titulo": "Relatório publicado no portal da prefeitura"}],
    }


def test_the_open_data_csv_has_a_header_and_a_row_per_delivery(client, world):
    with at(dt.date(2024, 9, 2)):
        lines = (
            client.get(reverse("programs:transparency_data", args=[world.program.slug, "csv"]))
            .content.decode()
            .splitlines()
        )

    assert lines[0] == (
        "programa,fase,ibge,municipio,acao,unidade_ofertante,entrega,peso,prazo,situacao,"
        "atrasada,validada_em,evidencias"
    )
    assert len(lines) == 7


def test_the_api_gives_the_figures_the_public_page_shows(client, world):
    with at(dt.date(2024, 9, 2)):
        api = client.get(f"/api/v1/programs/{world.program.slug}/progress?phase=fase-3").json()
        rows = client.get(page(world)).context["rows"]

    assert api == [
        {
            "ibge": ALFA,
            "municipality": "Alfa",
            "progress": 0.875,
            "validated_weight": 7.0,
            "total_weight": 8.0,
        },
        {
            "ibge": BETA,
            "municipality": "Beta",
            "progress": 0.0,
            "validated_weight": 0.0,
            "total_weight": 8.0,
        },
    ]
    assert [r["progress"].value for r in rows] == [row["progress"] for row in api]


def test_the_plan_progress_api_needs_a_token_and_answers_404_out_of_scope(
    client, world, municipal_user
):
    # Campo Grande's focal point does not see Alfa's plan.
    address = f"/api/v1/plans/{world.alfa.pk}/progress"

    assert client.get(address).status_code == 401
    assert client.get(address, **bearer(municipal_user)).status_code == 404


def test_the_plan_progress_api_matches_the_plan_page(client, world, coordinator, sign_in):
    with at(dt.date(2024, 9, 2)):
        api = client.get(f"/api/v1/plans/{world.alfa.pk}/progress", **bearer(coordinator))
        page_figure = sign_in(coordinator).get(reverse("programs:plan", args=[world.alfa.pk]))
    ids = list(world.alfa.items.get().deliveries.order_by("pk").values_list("pk", flat=True))

    assert api.json() == {
        "progress": 0.875,
        "validated_weight": 7.0,
        "total_weight": 8.0,
        "deliveries": [
            {"id": ids[0], "weight": 1.0, "status": "pending"},
            {"id": ids[1], "weight": 2.0, "status": "validated"},
            {"id": ids[2], "weight": 5.0, "status": "validated"},
        ],
    }
    assert "87,5%" in page_figure.content.decode()


def test_an_unknown_phase_answers_422_naming_the_field(client, world):
    response = client.get(f"/api/v1/programs/{world.program.slug}/progress?phase=fase-9")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "phase", "message": "Este programa não tem a fase fase-9."}
    ]


def test_the_public_program_page_links_the_transparency_page(client, world):
    response = client.get(reverse("programs:detail", args=[world.program.slug]))

    assert page(world) in response.content.decode()


def test_the_public_pages_have_sound_outlines(client, world):
    from apoia.tests.html import duplicate_ids, heading_jumps

    addresses = [
        page(world),
        page(world, ALFA),
        reverse("programs:transparency_progress", args=[world.program.slug])
        + f"?desafio={world.education.slug}",
    ]
    with at(dt.date(2024, 9, 2)):
        found = {a: client.get(a).content.decode() for a in addresses}

    assert {a: (duplicate_ids(html), heading_jumps(html)) for a, html in found.items()} == {
        a: ([], []) for a in addresses
    }


def test_a_municipality_without_an_adhesion_to_the_phase_answers_404(client, world):
    from apoia.programs.tests.menu_helpers import GAMA

    assert client.get(page(world, GAMA, fase="fase-3")).status_code == 404


def test_the_programs_formula_adds_up_every_phase(client, world):
    from apoia.programs.models import Phase

    later = Phase.objects.create(program=world.program, slug="fase-4", name="Fase 4", order=4)
    formacao_4 = h.action(world, "Formação 4", ["4"])
    formacao_4.phase = later
    formacao_4.save()
    h.plan(
        world,
        ALFA,
        [formacao_4],
        [V],
        adhesion=h.adhesion_of(world.program, later, ALFA),
    )
    with at(dt.date(2024, 9, 2)):
        response = client.get(
            reverse("programs:transparency_progress", args=[world.program.slug]) + "?fase=todas"
        )
        program_page = client.get(page(world, fase="fase-3"))

    # Fase 3: 7 of 16; Fase 4: 4 of 4; together 11 of 20.
    assert response.context["figure"].value == 0.55
    assert "11 ÷ 20 = <strong>55,0%</strong>" in response.content.decode()
    assert "?fase=todas" in program_page.content.decode()


def test_a_number_too_long_for_an_ibge_code_answers_404(client, world):
    assert client.get(page(world, 10**30)).status_code == 404


def test_a_plan_id_too_long_for_the_database_answers_404(client, world, coordinator):
    response = client.get(f"/api/v1/plans/{10**30}/progress", **bearer(coordinator))

    assert response.status_code == 404


def test_during_a_revision_the_public_page_shows_the_approved_actions_only(
    client, world, coordinator
):
    from apoia.programs.models import PlanStatus, PlanVersion

    PlanVersion.objects.create(
        plan=world.alfa,
        number=1,
        approved_at=dt.datetime(2024, 8, 5, 10, tzinfo=TZ),
        approved_by=coordinator,
        snapshot={"items": [{"action": world.formacao.pk, "title": "Formação"}]},
    )
    added = h.action(world, "Ação proposta na revisão", ["1"])
    world.alfa.items.create(action=added, order=1)
    world.alfa.status = PlanStatus.DRAFT
    world.alfa.save()
    with at(dt.date(2024, 9, 2)):
        response = client.get(page(world, ALFA))

    assert [i.action.title for i in response.context["actions"]] == ["Formação"]
    assert "Ação proposta na revisão" not in response.content.decode()


def test_a_plan_not_yet_approved_has_null_progress_in_the_api(client, world, coordinator):
    from apoia.programs.models import PlanStatus
    from apoia.programs.tests.menu_helpers import GAMA

    draft = h.plan(world, GAMA, [world.formacao], [V], version=0, status=PlanStatus.SUBMITTED)

    response = client.get(f"/api/v1/plans/{draft.pk}/progress", **bearer(coordinator))

    assert response.json() == {
        "progress": None,
        "validated_weight": 0.0,
        "total_weight": 0.0,
        "deliveries": [],
    }
