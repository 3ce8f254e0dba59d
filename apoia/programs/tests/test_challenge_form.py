"""The managers' challenge form (issue 9, item 3): create with a first snapshot, edit, refuse."""

import pytest
from django.urls import reverse

from apoia.indicators.models import Ranking
from apoia.programs.models import Challenge
from apoia.programs.queries_menu import focal_rows
from apoia.programs.services import challenges as services
from apoia.programs.tests.menu_helpers import (
    ALFA,
    BETA,
    DELTA,
    challenge_for,
    idhm_e,
    indicator_with,
    program_and_phase,
    quantile_rule,
    toy_state,
)
from conftest import MODEL_BACKEND

pytestmark = pytest.mark.django_db
NEW = "/programas/gestao/ms-ativo/desafios/novo/"


@pytest.fixture
def site(state_ms, community_unit):
    toy_state(state_ms)
    program, phase = program_and_phase(state_ms, community_unit)
    indicator = idhm_e()
    return {
        "program": program,
        "phase": phase,
        "indicator": indicator,
        "worst_half": quantile_rule(indicator, 0.5),
    }


@pytest.fixture
def ranking(site, state_ms):
    return Ranking.objects.create(
        name="Educação MS",
        state=state_ms,
        period=2010,
        method="minmax",
        weights={"idhm_e": 1},
        rows=[
            {"rank": 1, "ibge": ALFA, "municipality": "Alfa", "score": 1.0},
            {"rank": 2, "ibge": DELTA, "municipality": "Delta", "score": 0.75},
            {"rank": 3, "ibge": BETA, "municipality": "Beta", "score": 0.5},
        ],
    )


def signed_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def rule_post(site, **extra):
    return {
        "phase": site["phase"].pk,
        "name": "Educação básica",
        "description": "Alfabetização na idade certa.",
        "order": 0,
        "indicators": [site["indicator"].pk],
        "source": "rule",
        "rule": site["worst_half"].pk,
        "period": "",
        "ranking": "",
        "ranking_top": "",
        **extra,
    }


def focal_ibges(challenge):
    return [row.municipality_id for row in focal_rows(challenge)]


def test_a_coordinator_creates_a_challenge_from_a_rule_and_lands_on_its_page(
    client, site, coordinator
):
    response = signed_in(client, coordinator).post(NEW, rule_post(site))

    assert (response.status_code, response["Location"]) == (
        302,
        "/programas/ms-ativo/desafios/educacao-basica/",
    )


def test_a_new_challenge_gets_its_first_snapshot_from_the_rule(client, site, coordinator):
    signed_in(client, coordinator).post(NEW, rule_post(site))

    challenge = Challenge.objects.get(slug="educacao-basica")
    assert (focal_ibges(challenge), challenge.current_snapshot.taken_by) == (
        [ALFA, DELTA, BETA],
        coordinator,
    )


def test_a_technician_creates_a_challenge_from_the_top_of_a_saved_list(
    client, site, technician, ranking
):
    signed_in(client, technician).post(
        NEW,
        rule_post(site, source="ranking", ranking=ranking.pk, ranking_top=2),
    )

    challenge = Challenge.objects.get(slug="educacao-basica")
    assert (challenge.rule, focal_ibges(challenge)) == (None, [ALFA, DELTA])


def test_a_list_without_its_top_n_is_shown_back_with_the_message(
    client, site, coordinator, ranking
):
    response = signed_in(client, coordinator).post(
        NEW, rule_post(site, source="ranking", ranking=ranking.pk, ranking_top="")
    )

    assert response.status_code == 422
    assert "Informe quantos municípios do topo da lista são focais." in response.content.decode()
    assert not Challenge.objects.exists()


def test_a_rule_of_another_indicator_is_shown_back_on_its_field(client, site, coordinator):
    other = indicator_with("t_fora4a5", "Fora da escola", "lower_better", 2, {2010: {ALFA: 5.0}})

    response = signed_in(client, coordinator).post(NEW, rule_post(site, indicators=[other.pk]))

    assert response.status_code == 422
    assert response.context["form"].errors["rule"] == [
        "A regra deve ser de um dos indicadores do desafio (IDHM Educação não é)."
    ]


def test_a_second_challenge_with_the_same_name_gets_a_numbered_slug(site, coordinator):
    challenge_for(site["phase"], rule=site["worst_half"], slug="educacao-basica")

    saved = services.save_challenge(
        Challenge(phase=site["phase"], name="Educação básica", rule=site["worst_half"]),
        indicators=[site["indicator"]],
        by=coordinator,
    )

    assert saved.slug == "educacao-basica-2"


def test_someone_outside_the_managing_unit_cannot_open_the_form(client, site, ombudsman):
    assert signed_in(client, ombudsman).get(NEW).status_code == 403


def test_the_service_refuses_someone_outside_the_managing_unit(site, ombudsman):
    with pytest.raises(services.PermissionDenied):
        services.save_challenge(
            Challenge(phase=site["phase"], name="Educação", rule=site["worst_half"]),
            indicators=[site["indicator"]],
            by=ombudsman,
        )


@pytest.fixture
def existing(site, coordinator):
    challenge = challenge_for(site["phase"], rule=site["worst_half"])
    services.recompute(challenge, by=coordinator)
    return challenge


def test_editing_the_rule_keeps_the_snapshot_until_it_is_recomputed(
    client, site, coordinator, existing
):
    quintile = quantile_rule(site["indicator"], 0.2)

    signed_in(client, coordinator).post(
        reverse("programs:challenge_edit", args=["ms-ativo", existing.pk]),
        rule_post(site, name="Educação", rule=quintile.pk),
    )

    existing.refresh_from_db()
    assert (existing.rule, focal_ibges(existing)) == (quintile, [ALFA, DELTA, BETA])


def test_editing_records_who_changed_what_in_the_history(client, site, coordinator, existing):
    signed_in(client, coordinator).post(
        reverse("programs:challenge_edit", args=["ms-ativo", existing.pk]),
        rule_post(site, name="Educação infantil"),
    )

    latest = existing.history.first()
    assert (latest.history_type, latest.name, latest.history_user) == (
        "~",
        "Educação infantil",
        coordinator,
    )


def test_a_challenge_of_another_program_is_not_found(client, site, coordinator, existing):
    response = signed_in(client, coordinator).get(
        reverse("programs:challenge_edit", args=["ms-ativo", existing.pk + 1000])
    )

    assert response.status_code == 404


def test_the_challenge_list_links_managers_to_the_form(client, site, coordinator, existing):
    body = signed_in(client, coordinator).get("/programas/ms-ativo/desafios/").content.decode()

    assert f'href="{NEW}"' in body
    assert f'href="/programas/gestao/ms-ativo/desafios/{existing.pk}/"' in body


def test_the_challenge_list_shows_the_public_no_form_link(client, site, existing):
    body = client.get("/programas/ms-ativo/desafios/").content.decode()

    assert "/programas/gestao/" not in body


def test_the_edit_form_opens_with_the_saved_source_chosen(client, site, coordinator, ranking):
    challenge = Challenge.objects.create(
        phase=site["phase"], slug="lista", name="Lista", ranking=ranking, ranking_top=2
    )
    challenge.indicators.set([site["indicator"]])

    response = signed_in(client, coordinator).get(
        reverse("programs:challenge_edit", args=["ms-ativo", challenge.pk])
    )

    assert (response.status_code, response.context["form"]["source"].value()) == (200, "ranking")


def test_a_description_over_the_limit_is_shown_back(client, site, coordinator):
    response = signed_in(client, coordinator).post(NEW, rule_post(site, description="a" * 10_001))

    assert (response.status_code, Challenge.objects.count()) == (422, 0)
