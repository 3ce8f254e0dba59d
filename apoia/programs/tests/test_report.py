"""The management report's figures: the classification of the deliveries due in the period,
goals met, progress per unit and municipality (the dashboard's), late items with owners."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.indicators.models import IndicatorValue
from apoia.programs import queries_monitoring, report
from apoia.programs.models import ClarificationStatus
from apoia.programs.queries_monitoring import Filters
from apoia.programs.tests import progress_helpers as h
from apoia.programs.tests.menu_helpers import ALFA, BETA, GAMA, indicator_with
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.report_helpers import report_world

pytestmark = pytest.mark.django_db

AUGUST = report.Period(dt.date(2024, 8, 1), dt.date(2024, 8, 31))


@pytest.fixture
def world(state_ms, community_unit, municipal_user):
    return report_world(state_ms, community_unit, municipal_user)


def _build(user, world, period=AUGUST, filters=None, today=dt.date(2024, 9, 2)):
    scope = queries_monitoring.monitoring_scope(user, world.program)
    with at(today):
        return report.build(scope, world.phase, filters or Filters(), period, by=user)


def _buckets(found):
    return {b.key: (b.count, b.weight) for b in found.buckets}


def test_deliveries_due_in_the_period_are_on_time_validated_late_late_or_held(world, coordinator):
    found = _build(coordinator, world)

    assert _buckets(found) == {
        "on_time": (2, Decimal("2.00")),
        "validated_late": (1, Decimal("2.00")),
        "late": (2, Decimal("10.00")),
        "held": (1, Decimal("2.00")),
        "upcoming": (0, Decimal("0.00")),
    }
    assert (found.due_total.count, found.due_total.weight) == (6, Decimal("16.00"))
    assert found.reference_day == dt.date(2024, 9, 1)


def test_a_validation_late_in_the_evening_of_the_due_day_is_on_time(world, coordinator):
    # Beta's Formação 1: 30/08 at 23:30 in Campo Grande is 31/08 in UTC.
    found = _build(coordinator, world, report.Period(dt.date(2024, 8, 30), dt.date(2024, 8, 30)))

    assert _buckets(found)["on_time"] == (1, Decimal("1.00"))
    assert _buckets(found)["validated_late"] == (0, Decimal("0.00"))


def test_an_open_request_for_more_time_keeps_a_delivery_out_of_late(world, coordinator):
    held = _build(coordinator, world)
    world.clarification.status = ClarificationStatus.REFUSED
    world.clarification.save()
    refused = _build(coordinator, world)

    assert [r.delivery.pk for r in held.late if r.delivery.pk == world.held.pk] == []
    assert (_buckets(held)["late"], _buckets(held)["held"]) == (
        (2, Decimal("10.00")),
        (1, Decimal("2.00")),
    )
    assert (_buckets(refused)["late"], _buckets(refused)["held"]) == (
        (3, Decimal("12.00")),
        (0, Decimal("0.00")),
    )


def test_the_current_month_counts_what_is_not_due_yet_as_still_to_come(world, coordinator):
    found = _build(coordinator, world, report.Period.month_of(dt.date(2024, 9, 2)))

    # Beta's Formação 2, due 10/09, pending; lateness is judged today.
    assert _buckets(found)["upcoming"] == (1, Decimal("2.00"))
    assert found.due_total.count == 1
    assert found.reference_day == dt.date(2024, 9, 2)


def test_late_items_name_the_responsible_person_the_unit_and_the_business_days_late(
    world, coordinator
):
    found = _build(coordinator, world)

    assert [
        (
            r.municipality.name,
            r.delivery.delivery.title,
            r.item.responsible_name,
            r.item.responsible_contact,
            r.unit.name,
            r.delivery.due,
            r.days_late,
        )
        for r in found.late
    ] == [
        (
            "Alfa",
            "Entrega 3",
            "Renata Lima",
            "renata@exemplo.ms.gov.br",
            world.unit.name,
            dt.date(2024, 8, 19),
            9,
        ),
        (
            "Beta",
            "Entrega 3",
            "Bruno Reis",
            "renata@exemplo.ms.gov.br",
            world.unit.name,
            dt.date(2024, 8, 26),
            4,
        ),
    ]


def test_progress_per_unit_and_per_municipality_is_the_plans_progress(world, coordinator):
    found = _build(coordinator, world)

    assert [(r["unit"].name, r["progress"].value) for r in found.units] == [
        ("Secretaria-Executiva de Gestão Estratégica e Municipalismo", 0.0),
        ("Subsecretaria de Políticas Públicas para Assuntos Comunitários", 0.25),
    ]
    assert [(r["municipality"].ibge, r["progress"].value) for r in found.municipalities] == [
        (ALFA, 0.3),
        (BETA, 0.125),
        (GAMA, None),
    ]
    assert str(found.total.percent) == "22.2"


def test_the_reports_figures_equal_the_dashboards(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        dashboard = sign_in(coordinator).get(
            reverse("programs:monitoring", args=[world.program.slug]) + "?fase=fase-3"
        )
    found = _build(coordinator, world, report.Period(dt.date(2024, 8, 1), dt.date(2024, 9, 30)))

    expected = {ALFA: 0.3, BETA: 0.125, GAMA: None}
    assert {r["municipality"].ibge: r["progress"].value for r in dashboard.context["rows"]} == (
        expected
    )
    assert {r["municipality"].ibge: r["progress"].value for r in found.municipalities} == (expected)
    assert str(dashboard.context["figure"].percent) == str(found.total.percent) == "22.2"
    assert dashboard.context["late"]["count"] == len(found.late) == 2


def test_the_report_and_the_dashboard_agree_under_the_same_filter(
    client, sign_in, world, coordinator
):
    with at(dt.date(2024, 9, 2)):
        dashboard = sign_in(coordinator).get(
            reverse("programs:monitoring", args=[world.program.slug])
            + f"?fase=fase-3&desafio={world.education.pk}"
        )
    found = _build(coordinator, world, filters=Filters(challenge=world.education))

    # Only Formação addresses Educação: 4 of 16; Alfa 3 of 8.
    assert dashboard.context["figure"].value == found.total.value == 0.25
    assert [r["progress"].value for r in dashboard.context["rows"]] == [0.375, 0.125, None]
    assert [r["progress"].value for r in found.municipalities] == [0.375, 0.125, None]


def test_goals_met_read_the_indicators_direction(world, coordinator):
    h.target(world.alfa, world.formacao, world.idhm_e, baseline=0.412, period=2010, goal=0.512)
    h.target(world.beta, world.formacao, world.idhm_e, baseline=0.55, period=2010, goal=0.65)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=world.idhm_e, municipality_id=ALFA, period=2022, value=0.537),
            IndicatorValue(indicator=world.idhm_e, municipality_id=BETA, period=2022, value=0.6),
        ]
    )
    dropout = indicator_with(
        "abandono", "Taxa de abandono", "lower_better", 1, {2010: {ALFA: 10}, 2022: {ALFA: 7.5}}
    )
    h.target(world.alfa, world.fiscal, dropout, baseline=10, period=2010, goal=8)
    h.target(world.beta, world.formacao, dropout, baseline=12, period=2010, goal=9)

    found = _build(coordinator, world)

    # Alfa reached both (IDHM-E up to 0.537 ≥ 0.512; dropout down to 7.5 ≤ 8); Beta's IDHM-E
    # is half way; Beta has no dropout value.
    assert (found.goals.met, found.goals.with_data, found.goals.targets) == (2, 3, 4)
    assert [
        (r.indicator.code, r.targets, r.with_data, r.improved, r.met, r.mean_share)
        for r in found.indicators
    ] == [("idhm_e", 2, 2, 2, 1, 0.875), ("abandono", 2, 1, 1, 1, 1.25)]


def test_an_offering_unit_sees_only_its_actions_part(world):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership

    segem = User.objects.create_user(email="tecnico@segem.test", password="x", full_name="Téo")
    ensure_membership(segem, Role.TECHNICIAN, org_unit=world.other_unit)

    found = _build(segem, world)

    assert [(r["unit"].name, r["progress"].value) for r in found.units] == [
        (world.other_unit.name, 0.0)
    ]
    assert [r["municipality"].ibge for r in found.municipalities] == [ALFA]
    assert _buckets(found)["held"] == (1, Decimal("2.00"))
    assert found.due_total.count == 1
    assert found.late == []


def test_late_follow_up_tasks_are_listed_with_their_owner(world, coordinator, technician):
    from apoia.followup.models import Task
    from apoia.programs.models import Meeting, MeetingDecision

    meeting = Meeting.objects.create(
        phase=world.phase,
        title="Reunião de agosto",
        starts_at=dt.datetime(2024, 8, 5, 9, tzinfo=dt.UTC),
        modality="online",
        created_by=coordinator,
    )
    decision = MeetingDecision.objects.create(meeting=meeting, text="Visitar Alfa")
    common = {"source": decision, "created_by": coordinator, "municipality_id": ALFA}
    Task.objects.create(
        title="Visita técnica", owner_user=technician, due=dt.date(2024, 8, 27), **common
    )
    Task.objects.create(title="Ofício", owner_unit=world.unit, due=dt.date(2024, 9, 5), **common)
    Task.objects.create(
        title="Feita", owner_user=technician, due=dt.date(2024, 8, 20), status="done", **common
    )

    found = _build(coordinator, world)

    assert [
        (r.task.title, r.task.owner_label, r.owner_contact, r.days_late) for r in found.late_tasks
    ] == [("Visita técnica", "Tiago Teixeira", "tiago@apoia.test", 3)]


def test_periods_of_a_month_a_quarter_and_a_year():
    day = dt.date(2024, 8, 21)

    assert report.Period.month_of(day) == report.Period(dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert report.Period.quarter_of(day) == report.Period(dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert report.Period.year_of(day) == report.Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert report.Period.month_of(dt.date(2024, 2, 10)).end == dt.date(2024, 2, 29)


def test_a_neutral_indicator_moves_towards_or_away_from_its_target(world, coordinator):
    cover = indicator_with(
        "cobertura", "Cobertura do cadastro", "neutral", 0, {2010: {ALFA: 100}, 2022: {ALFA: 90}}
    )
    h.target(world.alfa, world.formacao, cover, baseline=100, period=2010, goal=120)

    found = _build(coordinator, world)

    assert [(r.indicator.code, r.improved, r.worsened, r.met) for r in found.indicators] == [
        ("cobertura", 0, 1, 0)
    ]
    assert (found.goals.met, found.goals.with_data) == (0, 1)
