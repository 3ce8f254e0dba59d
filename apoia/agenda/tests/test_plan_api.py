"""Item 13: GET /api/v1/support-plans (public) and the planned-versus-done figures of a plan;
bad query parameters answer 422 naming the field."""

import pytest

from apoia.agenda.models import EntryStatus, PlanEntry
from apoia.agenda.tests.plan_factories import PlanEntryFactory, SupportPlanFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/support-plans"


def test_the_plans_are_public_with_their_act_and_entries(client, agenda_seeds):
    answer = client.get(API, {"uf": "mt", "year": 2022})

    assert answer.status_code == 200
    [plan] = answer.json()
    assert {k: plan[k] for k in ("uf", "year", "act", "act_date", "act_url")} == {
        "uf": "MT",
        "year": 2022,
        "act": "Resolução CIB/SUAS/MT nº 02/2022",
        "act_date": "2022-03-18",
        "act_url": "https://iomat.mt.gov.br/legislacao/diario_oficial/consultar",
    }
    assert len(plan["entries"]) == 20
    assert plan["entries"][0] == {
        "axis": "SAAS",
        "strategy": "Visitas técnicas",
        "modality": "in_person",
        "title": "Visitas Técnicas",
        "unit": "SAAS",
        "months": [],
        "status": "planned",
        "cancel_reason": "",
    }
    assert {e["modality"] for e in plan["entries"]} == {"in_person", "online"}


def test_an_entry_shows_its_months_and_cancellation(client, agenda_seeds):
    PlanEntryFactory(months=[4, 9], status=EntryStatus.CANCELLED, cancel_reason="Sem orçamento.")

    [plan] = client.get(API, {"year": 2026}).json()

    assert plan["entries"][0]["months"] == [4, 9]
    assert plan["entries"][0]["status"] == "cancelled"
    assert plan["entries"][0]["cancel_reason"] == "Sem orçamento."
    assert plan["entries"][0]["unit"] == "Coordenadoria de Proteção Social Básica"  # no acronym


def test_without_filters_every_plan_is_listed_by_state_then_latest_year(client, agenda_seeds):
    SupportPlanFactory(year=2026)

    answer = client.get(API).json()

    assert [(p["uf"], p["year"]) for p in answer] == [("MT", 2026), ("MT", 2022)]
    assert client.get(API, {"uf": "MS"}).json() == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"uf": "XX"}, "uf"),
        ({"uf": "MTT"}, "uf"),
        ({"year": "abc"}, "year"),
        ({"year": 1800}, "year"),
    ],
)
def test_a_bad_filter_answers_422_naming_the_field(client, agenda_seeds, query, field):
    answer = client.get(API, query)

    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "Dados inválidos."
    assert [e["field"] for e in body["errors"]] == [field]


def test_the_execution_of_a_plan(client, agenda_seeds):
    for entry in PlanEntry.objects.filter(plan__year=2022, order__lte=3):
        entry.status = EntryStatus.DONE
        entry.months = [5]
        entry.save()

    answer = client.get(f"{API}/mt/2022/execution")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["uf"], body["year"], body["act"]) == (
        "MT",
        2022,
        "Resolução CIB/SUAS/MT nº 02/2022",
    )
    assert body["total"] == {
        "total": 20,
        "planned": 17,
        "scheduled": 0,
        "done": 3,
        "cancelled": 0,
        "percent_done": 15.0,
        "events_held": 0,
    }
    assert [a["axis"] for a in body["axes"]] == [
        "SAAS",
        "Gestão do SUAS",
        "Serviços Socioassistenciais",
        "Benefícios, Programas e Projetos Socioassistenciais",
    ]
    assert body["axes"][0]["strategies"][0]["strategy"] == "Visitas técnicas"
    assert body["months"] == [
        {
            "month": 5,
            "total": 3,
            "planned": 0,
            "scheduled": 0,
            "done": 3,
            "cancelled": 0,
            "percent_done": 100.0,
            "events_held": 0,
        }
    ]
    assert {s["strategy"] for s in body["strategies"]} >= {"Encontros de apoio técnico"}


def test_the_execution_of_an_unknown_plan_answers_404(client, agenda_seeds):
    assert client.get(f"{API}/mt/1999/execution").status_code == 404
    assert client.get(f"{API}/zz/2022/execution").status_code == 404
    assert client.get(f"{API}/mt/ano/execution").status_code == 422
