"""Item 9: visits proposed from a known priority list (literal municipalities, trips and
order) or a criticality rule; accepting (a published visita técnica event), dropping and
moving; the report whose recommendations become follow-up tasks; web and API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import ApiToken, OrgUnit
from apoia.agenda.models import EventStatus, EventType, ProposalStatus, VisitPlan
from apoia.agenda.services import visits as services
from apoia.agenda.tests.factories import EventFactory, at
from apoia.followup.models import Task
from apoia.followup.registry import describe
from apoia.indicators.models import CriticalityRule, Direction, Indicator, IndicatorValue, Ranking
from apoia.territory.models import State

pytestmark = pytest.mark.django_db

SINOP, RONDONOPOLIS, CACERES, SORRISO = 5107909, 5107602, 5102504, 5107925
PRIMAVERA, LUCAS, BARRA = 5107040, 5105259, 5101803
ORDER = [SINOP, RONDONOPOLIS, CACERES, SORRISO, PRIMAVERA, LUCAS, BARRA]


@pytest.fixture
def extreme_poverty(agenda_seeds):
    return Indicator.objects.create(
        code="pind",
        name="Extremamente pobres (%)",
        direction=Direction.LOWER_IS_BETTER,
        decimals=2,
    )


@pytest.fixture
def ranking(extreme_poverty):
    rows = [
        {
            "rank": position,
            "ibge": ibge,
            "municipality": str(ibge),
            "score": round(1 - position / 10, 6),
            "contributions": {"pind": round(1 - position / 10, 6)},
            "values": {"pind": 20.0 - position},
            "missing": [],
        }
        for position, ibge in enumerate(ORDER, start=1)
    ]
    rows.append(
        {
            "rank": None,
            "ibge": 5100102,
            "municipality": "Acorizal",
            "score": None,
            "contributions": {},
            "values": {},
            "missing": ["pind"],
        }
    )
    return Ranking.objects.create(
        name="Pobreza MT",
        state=State.objects.get(uf="MT"),
        period=2010,
        method="minmax",
        weights={"pind": 1},
        rows=rows,
    )


@pytest.fixture
def plan(ranking, mt_technician, mt_morning):
    return services.create_plan(
        state=State.objects.get(uf="MT"),
        year=2026,
        by=mt_technician,
        ranking=ranking,
        count=7,
        max_stops=3,
    )


def _trips(plan):
    found: dict[int, list[int]] = {}
    for p in plan.proposals.order_by("trip", "stop"):
        found.setdefault(p.trip, []).append(p.municipality_id)
    return found


def test_a_known_priority_list_gives_known_trips_in_road_order_from_cuiaba(plan):
    # Sinop (1st) opens trip 1 with its neighbours Sorriso and Lucas do Rio Verde, visited
    # from Cuiabá northwards; Rondonópolis (2nd) opens trip 2 with Primavera do Leste and
    # Barra do Garças (2-opt: Rondonópolis → Barra do Garças → Primavera → Cuiabá); Cáceres,
    # alone to the west, is trip 3.
    assert _trips(plan) == {
        1: [LUCAS, SORRISO, SINOP],
        2: [RONDONOPOLIS, BARRA, PRIMAVERA],
        3: [CACERES],
    }
    assert plan.parameters["trip_km"] == {"1": 844.2, "2": 858.9, "3": 355.1}
    assert plan.title == "Visitas técnicas 2026 — Pobreza MT"


def test_each_visit_says_why_in_words(plan):
    sinop = plan.proposals.get(municipality_id=SINOP)

    assert sinop.rank == 1
    assert sinop.reasons == [
        "1º na lista de prioridade “Pobreza MT” (pontuação 0,900)",
        "Extremamente pobres (%): 19,00 em 2010",
    ]


def test_only_the_top_of_the_list_is_proposed_and_unscored_rows_never(
    ranking, mt_technician, mt_morning
):
    plan = services.create_plan(
        state=ranking.state, year=2026, by=mt_technician, ranking=ranking, count=2, max_stops=4
    )

    assert sorted(plan.proposals.values_list("municipality_id", flat=True)) == sorted(
        [SINOP, RONDONOPOLIS]
    )


def test_a_criticality_rule_proposes_the_flagged_municipalities_worst_first(
    extreme_poverty, mt_technician, mt_morning
):
    CriticalityRule.objects.create(indicator=extreme_poverty, kind="threshold", threshold=10)
    for ibge, value in ((SINOP, 12.0), (CACERES, 30.0), (SORRISO, 4.0)):
        IndicatorValue.objects.create(
            indicator=extreme_poverty, municipality_id=ibge, period=2010, value=value
        )

    plan = services.create_plan(
        state=State.objects.get(uf="MT"),
        year=2026,
        by=mt_technician,
        indicator=extreme_poverty,
        count=5,
        max_stops=2,
    )

    rows = list(plan.proposals.order_by("rank"))
    assert [p.municipality_id for p in rows] == [CACERES, SINOP]
    assert rows[0].reasons == [
        "Extremamente pobres (%) crítico em 2010: Extremamente pobres (%) 30,00 > limite 10,00"
    ]
    assert plan.parameters["source"] == "rule" and plan.parameters["period"] == 2010


def test_bad_parameters_name_their_fields(ranking, mt_technician, mt_morning):
    with pytest.raises(ValidationError) as refused:
        services.create_plan(
            state=ranking.state,
            year=2026,
            by=mt_technician,
            ranking=ranking,
            count=0,
            max_stops=99,
        )
    assert set(refused.value.message_dict) == {"count", "max_stops"}


def test_staff_of_another_state_cannot_propose(ranking, ms_technician, mt_morning):
    with pytest.raises(PermissionDenied):
        services.create_plan(state=ranking.state, year=2026, by=ms_technician, ranking=ranking)


def test_accepting_makes_a_published_visit_event_for_that_municipality_in_the_plan(
    plan, mt_technician
):
    proposal = plan.proposals.get(municipality_id=SINOP)
    unit = OrgUnit.objects.get(slug="mt-cvs")

    services.accept(
        proposal, by=mt_technician, day=dt.date(2026, 4, 14), unit=unit, technician="Tânia"
    )

    proposal.refresh_from_db()
    event = proposal.event
    assert proposal.status == ProposalStatus.ACCEPTED
    assert event.type == EventType.VISITA_TECNICA
    assert event.status == EventStatus.PUBLISHED and event.published_at is not None
    assert event.title == "Visita técnica a Sinop"
    assert event.start == at(dt.date(2026, 4, 14), 8)
    assert list(event.audience_municipalities.values_list("ibge", flat=True)) == [SINOP]
    assert event.plan_entry is None  # the demo's 2022 plan has no 2026 entry


def test_an_accepted_visit_is_linked_to_the_years_visitas_tecnicas_entry(
    ranking, mt_technician, mt_morning
):
    from apoia.agenda.models import PlanEntry

    entry = PlanEntry.objects.get(plan__state__uf="MT", plan__year=2022, title="Visitas Técnicas")
    entry.plan.year = 2026
    entry.plan.save()
    plan = services.create_plan(
        state=ranking.state, year=2026, by=mt_technician, ranking=ranking, count=1
    )

    done = services.accept(
        plan.proposals.get(),
        by=mt_technician,
        day=dt.date(2026, 4, 14),
        unit=OrgUnit.objects.get(slug="mt-cvs"),
    )

    assert done.event.plan_entry == entry


def test_a_dropped_visit_keeps_its_reason_and_cannot_be_accepted(plan, mt_technician):
    proposal = plan.proposals.get(municipality_id=CACERES)
    services.drop(proposal, by=mt_technician, reason="Visitado em 2025 pela CPSB.")

    with pytest.raises(services.ProposalClosed):
        services.accept(
            proposal,
            by=mt_technician,
            day=dt.date(2026, 4, 14),
            unit=OrgUnit.objects.get(slug="mt-cvs"),
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DROPPED
    assert proposal.drop_reason == "Visitado em 2025 pela CPSB."


def test_moving_a_visit_to_another_trip_renumbers_both(plan, mt_technician):
    services.move(plan.proposals.get(municipality_id=CACERES), by=mt_technician, trip=2, stop=1)

    assert _trips(plan) == {
        1: [LUCAS, SORRISO, SINOP],
        2: [CACERES, RONDONOPOLIS, BARRA, PRIMAVERA],
    }
    services.move(plan.proposals.get(municipality_id=SINOP), by=mt_technician, trip=1, stop=1)
    assert _trips(plan)[1] == [SINOP, LUCAS, SORRISO]


# --- the report ---------------------------------------------------------------------------


@pytest.fixture
def past_visit(mt_technician, mt_morning, agenda_seeds):
    from apoia.territory.models import Municipality

    event = EventFactory(
        type=EventType.VISITA_TECNICA,
        title="Visita técnica a Sinop",
        modality="in_person",
        place="SMAS Sinop",
        url="",
        start=at(dt.date(2026, 2, 24), 8),
        end=at(dt.date(2026, 2, 24), 17),
    )
    event.audience_municipalities.set([Municipality.objects.get(ibge=SINOP)])
    return event


def test_each_recommendation_becomes_a_task_with_its_owner_and_due_date(past_visit, mt_technician):
    cvs = OrgUnit.objects.get(slug="mt-cvs")

    report = services.write_report(
        past_visit,
        by=mt_technician,
        people_met="Secretária municipal; coordenadora do CRAS Centro",
        findings=[
            {"theme": "PAIF", "text": "Equipe de referência incompleta."},
            {"theme": "Vigilância", "text": "Diagnóstico de 2019."},
        ],
        recommendations=[
            {
                "text": "Recompor a equipe do CRAS",
                "owner_user": mt_technician,
                "due": dt.date(2026, 4, 30),
            },
            {
                "text": "Atualizar o diagnóstico socioterritorial",
                "owner_unit": cvs,
                "due": dt.date(2026, 6, 30),
            },
        ],
    )

    assert [f.theme for f in report.findings.all()] == ["PAIF", "Vigilância"]
    tasks = list(Task.objects.order_by("due"))
    assert [(t.title, t.owner, t.due, t.municipality_id) for t in tasks] == [
        ("Recompor a equipe do CRAS", mt_technician, dt.date(2026, 4, 30), SINOP),
        ("Atualizar o diagnóstico socioterritorial", cvs, dt.date(2026, 6, 30), SINOP),
    ]
    recommendation = report.recommendations.first()
    assert tasks[0].source == recommendation
    assert describe(tasks[0]) == {
        "label": "Visita técnica a Sinop de 24/02/2026",
        "url": f"/agenda/gestao/eventos/{past_visit.pk}/relatorio-visita/",
    }


def test_a_recommendation_without_owner_or_due_names_its_row_and_saves_nothing(
    past_visit, mt_technician
):
    with pytest.raises(ValidationError) as refused:
        services.write_report(
            past_visit,
            by=mt_technician,
            people_met="Gestora",
            recommendations=[
                {"text": "Ok", "owner_user": mt_technician, "due": dt.date(2026, 4, 30)},
                {"text": "Sem dono nem prazo"},
            ],
        )

    assert set(refused.value.message_dict) == {"recommendations.1.owner", "recommendations.1.due"}
    assert Task.objects.count() == 0


def test_a_report_before_the_visit_or_a_second_one_is_refused(past_visit, mt_technician):
    future = EventFactory(type=EventType.VISITA_TECNICA, start=at(dt.date(2026, 4, 1), 8))
    with pytest.raises(ValidationError) as early:
        services.write_report(future, by=mt_technician, people_met="Gestora")
    services.write_report(past_visit, by=mt_technician, people_met="Gestora")

    assert "event" in early.value.message_dict
    with pytest.raises(services.ProposalClosed):
        services.write_report(past_visit, by=mt_technician, people_met="De novo")


# --- pages ----------------------------------------------------------------------------------


def test_the_staff_creates_a_proposal_on_the_page_and_sees_its_trips(
    client, ranking, mt_technician, mt_morning, sign_in
):
    sign_in(mt_technician)

    answer = client.post(
        "/agenda/gestao/visitas/nova/",
        {
            "state": ranking.state.pk,
            "year": 2026,
            "source": "ranking",
            "ranking": ranking.pk,
            "count": 7,
            "max_stops": 3,
        },
    )
    plan = VisitPlan.objects.get()
    page = client.get(answer.url)

    assert answer.url == f"/agenda/gestao/visitas/{plan.pk}/"
    assert [t["number"] for t in page.context["trips"]] == [1, 2, 3]
    html = page.content.decode()
    assert "Roteiro 1" in html and "Lucas do Rio Verde" in html
    assert "1º na lista de prioridade “Pobreza MT”" in html
    listing = client.get("/agenda/gestao/visitas/")
    assert plan.title in listing.content.decode()


def test_the_staff_accepts_and_drops_on_the_page(client, plan, mt_technician, sign_in):
    sign_in(mt_technician)
    sinop = plan.proposals.get(municipality_id=SINOP)
    caceres = plan.proposals.get(municipality_id=CACERES)

    client.post(
        f"/agenda/gestao/visitas/propostas/{sinop.pk}/aceitar/",
        {"day": "2026-04-14", "unit": OrgUnit.objects.get(slug="mt-cvs").pk},
    )
    client.post(
        f"/agenda/gestao/visitas/propostas/{caceres.pk}/descartar/", {"reason": "Já visitado."}
    )

    sinop.refresh_from_db()
    caceres.refresh_from_db()
    assert sinop.status == ProposalStatus.ACCEPTED and sinop.event is not None
    assert caceres.status == ProposalStatus.DROPPED


def test_visit_pages_answer_404_to_a_focal_point_and_to_another_states_staff(
    client, plan, cuiaba_focal_point, ms_technician, sign_in
):
    sign_in(cuiaba_focal_point)
    assert client.get("/agenda/gestao/visitas/").status_code == 404
    assert client.get(f"/agenda/gestao/visitas/{plan.pk}/").status_code == 404
    client.logout()
    sign_in(ms_technician)
    assert client.get(f"/agenda/gestao/visitas/{plan.pk}/").status_code == 404


def test_the_report_form_turns_recommendations_into_tasks(
    client, past_visit, mt_technician, sign_in
):
    sign_in(mt_technician)
    cvs = OrgUnit.objects.get(slug="mt-cvs")
    url = f"/agenda/gestao/eventos/{past_visit.pk}/relatorio-visita/"
    assert client.get(url).status_code == 200

    answer = client.post(
        url,
        {
            "people_met": "Secretária municipal",
            "summary": "",
            "findings-TOTAL_FORMS": "2",
            "findings-INITIAL_FORMS": "0",
            "findings-0-theme": "PAIF",
            "findings-0-text": "Equipe incompleta.",
            "findings-1-theme": "",
            "findings-1-text": "",
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-INITIAL_FORMS": "0",
            "recommendations-0-text": "Atualizar o diagnóstico",
            "recommendations-0-owner": f"unit:{cvs.pk}",
            "recommendations-0-due": "30/06/2026",
            "recommendations-1-text": "",
            "recommendations-1-owner": "",
            "recommendations-1-due": "",
        },
    )

    assert answer.status_code == 302
    (task,) = Task.objects.all()
    assert (task.owner, task.due) == (cvs, dt.date(2026, 6, 30))
    assert "Atualizar o diagnóstico" in client.get(url).content.decode()


# --- API ------------------------------------------------------------------------------------


def _auth(user):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="t", prefix=key[:10], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_creates_a_proposal_from_a_ranking_and_lists_its_trips(
    client, ranking, mt_technician, mt_morning
):
    auth = _auth(mt_technician)
    created = client.post(
        "/api/v1/visit-plans",
        {"uf": "MT", "year": 2026, "ranking": ranking.pk, "count": 7, "max_stops": 3},
        content_type="application/json",
        **auth,
    )

    assert created.status_code == 201
    body = created.json()
    assert [[v["municipality"] for v in t["visits"]] for t in body["trips"]] == [
        [LUCAS, SORRISO, SINOP],
        [RONDONOPOLIS, BARRA, PRIMAVERA],
        [CACERES],
    ]
    assert body["trips"][0]["km"] == 844.2
    listed = client.get("/api/v1/visit-plans?uf=MT&year=2026", **auth)
    assert [p["id"] for p in listed.json()] == [body["id"]]
    assert client.get(f"/api/v1/visit-plans/{body['id']}", **auth).json()["trips"] == body["trips"]


def test_the_api_accepts_drops_and_reports(client, plan, past_visit, mt_technician):
    auth = _auth(mt_technician)
    sinop = plan.proposals.get(municipality_id=SINOP)
    caceres = plan.proposals.get(municipality_id=CACERES)

    accepted = client.post(
        f"/api/v1/visit-proposals/{sinop.pk}/accept",
        {"date": "2026-04-14", "unit": "mt-cvs"},
        content_type="application/json",
        **auth,
    )
    dropped = client.post(
        f"/api/v1/visit-proposals/{caceres.pk}/drop",
        {"reason": "Já visitado."},
        content_type="application/json",
        **auth,
    )
    again = client.post(
        f"/api/v1/visit-proposals/{caceres.pk}/drop",
        {"reason": "De novo."},
        content_type="application/json",
        **auth,
    )
    reported = client.post(
        f"/api/v1/visits/{past_visit.pk}/report",
        {
            "people_met": "Secretária municipal",
            "findings": [{"theme": "PAIF", "text": "Equipe incompleta."}],
            "recommendations": [
                {"text": "Recompor a equipe", "owner_user": "tania@apoia.test", "due": "2026-04-30"}
            ],
        },
        content_type="application/json",
        **auth,
    )

    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["event"] is not None
    assert dropped.status_code == 200 and dropped.json()["drop_reason"] == "Já visitado."
    assert again.status_code == 409
    assert reported.status_code == 201
    assert reported.json()["tasks"] == [
        {
            "id": Task.objects.get().pk,
            "title": "Recompor a equipe",
            "owner": "Tânia Torres",
            "due": "2026-04-30",
            "status": "open",
        }
    ]


def test_the_api_names_the_bad_recommendation_field(client, past_visit, mt_technician):
    answer = client.post(
        f"/api/v1/visits/{past_visit.pk}/report",
        {
            "people_met": "Gestora",
            "recommendations": [{"text": "Sem prazo", "owner_unit": "mt-cvs"}],
        },
        content_type="application/json",
        **_auth(mt_technician),
    )

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["recommendations.0.due"]


def test_the_visits_api_is_for_staff_tokens_only(client, plan, cuiaba_focal_point, ms_technician):
    assert client.get("/api/v1/visit-plans").status_code == 401
    assert client.get("/api/v1/visit-plans", **_auth(cuiaba_focal_point)).status_code == 403
    assert client.get(f"/api/v1/visit-plans/{plan.pk}", **_auth(ms_technician)).status_code == 404
