"""Item 4: a theme consultation ("escuta") for a series — proposals, one vote per municipality
per theme, the ranking frozen at closing, themes picked into episodes (web and API)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import ApiToken, OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.agenda.models import ConsultationStatus, EventStatus, Series, ThemeVote
from apoia.agenda.services import consultations as services
from apoia.agenda.tests.conftest import CUIABA, RONDONOPOLIS, VARZEA_GRANDE
from apoia.agenda.tests.factories import EventFactory, at
from apoia.territory.models import Municipality, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(agenda_seeds, mt_technician):
    return Series.objects.create(
        state=State.objects.get(uf="MT"),
        unit=OrgUnit.objects.get(slug="mt-cpsb"),
        title="Websérie SUAS-MT",
        rrule="FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20261231",
        first_date=dt.date(2026, 4, 8),
        start_time=dt.time(14),
        end_time=dt.time(16),
        created_by=mt_technician,
    )


@pytest.fixture
def consultation(series, mt_technician, mt_morning):
    return services.open_consultation(
        series, by=mt_technician, title="Que temas a websérie deve tratar?"
    )


@pytest.fixture
def rondonopolis_focal_point(agenda_seeds):
    user = User.objects.create_user(
        email="rita@apoia.test", password="x-senha-1", full_name="Rita Rocha"
    )
    ensure_membership(
        user, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=RONDONOPOLIS)
    )
    return user


def _episode(series, day, status=EventStatus.DRAFT):
    return EventFactory(
        series=series,
        title=f"Websérie SUAS-MT — {day:%d/%m}",
        start=at(day, 14),
        status=status,
        occurrence=day,
    )


def _token(user) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, name="teste", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return key


def test_a_focal_point_proposes_a_theme_for_its_municipality(consultation, cuiaba_focal_point):
    proposal = services.propose_theme(
        consultation, by=cuiaba_focal_point, title="Vigilância socioassistencial"
    )
    assert proposal.municipality.ibge == CUIABA


def test_the_same_theme_twice_is_refused_with_who_proposed_it(
    consultation, cuiaba_focal_point, varzea_focal_point
):
    services.propose_theme(consultation, by=cuiaba_focal_point, title="Benefícios eventuais")
    with pytest.raises(ValidationError) as refused:
        services.propose_theme(consultation, by=varzea_focal_point, title="benefícios eventuais")
    assert refused.value.message_dict["title"] == [
        "Este tema já foi proposto (por Cuiabá): vote nele."
    ]


def test_a_municipality_of_another_state_does_not_take_part(consultation, municipal_user):
    with pytest.raises(PermissionDenied):
        services.propose_theme(consultation, by=municipal_user, title="PAIF")


def test_one_vote_per_municipality_per_theme(consultation, cuiaba_focal_point, varzea_focal_point):
    proposal = services.propose_theme(consultation, by=cuiaba_focal_point, title="PAIF")
    services.vote(proposal, by=varzea_focal_point)
    colleague = User.objects.create_user(email="vitor@apoia.test", full_name="Vítor Varela")
    ensure_membership(
        colleague, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=VARZEA_GRANDE)
    )
    with pytest.raises(ValidationError) as refused:
        services.vote(proposal, by=colleague)
    assert refused.value.message_dict["municipality"] == ["Várzea Grande já votou neste tema."]
    assert ThemeVote.objects.filter(proposal=proposal).count() == 1


def test_closing_ranks_by_votes_then_distinct_municipalities_then_first_proposed(
    consultation, mt_technician, cuiaba_focal_point, varzea_focal_point, rondonopolis_focal_point
):
    paif = services.propose_theme(consultation, by=cuiaba_focal_point, title="PAIF")
    bpc = services.propose_theme(consultation, by=varzea_focal_point, title="BPC na escola")
    scfv = services.propose_theme(consultation, by=rondonopolis_focal_point, title="SCFV")
    # BPC: 2 votes (Cuiabá, Rondonópolis). PAIF: 1 vote, from Cuiabá itself (1 municipality).
    # SCFV: 1 vote, from Cuiabá (2 municipalities behind it), so it passes PAIF.
    services.vote(bpc, by=cuiaba_focal_point)
    services.vote(bpc, by=rondonopolis_focal_point)
    services.vote(paif, by=cuiaba_focal_point)
    services.vote(scfv, by=cuiaba_focal_point)

    closed = services.close_consultation(consultation, by=mt_technician)

    assert closed.status == ConsultationStatus.CLOSED
    assert [(r["title"], r["votes"], r["municipalities"], r["rank"]) for r in closed.ranking] == [
        ("BPC na escola", 2, 3, 1),
        ("SCFV", 1, 2, 2),
        ("PAIF", 1, 1, 3),
    ]


def test_a_closed_consultation_takes_no_more_votes_and_keeps_its_ranking(
    consultation, mt_technician, cuiaba_focal_point, varzea_focal_point
):
    paif = services.propose_theme(consultation, by=cuiaba_focal_point, title="PAIF")
    services.close_consultation(consultation, by=mt_technician)
    with pytest.raises(services.ConsultationClosed):
        services.vote(paif, by=varzea_focal_point)
    consultation.refresh_from_db()
    assert consultation.ranking[0]["votes"] == 0


def test_only_the_states_agenda_staff_close_it(consultation, ms_technician):
    with pytest.raises(PermissionDenied):
        services.close_consultation(consultation, by=ms_technician)


def test_the_staff_pick_a_ranked_theme_into_a_draft_episode_which_shows_its_origin(
    consultation, series, mt_technician, cuiaba_focal_point, client
):
    paif = services.propose_theme(consultation, by=cuiaba_focal_point, title="PAIF no território")
    services.close_consultation(consultation, by=mt_technician)
    episode = _episode(series, dt.date(2026, 4, 8))

    services.pick_theme(paif, episode=episode, by=mt_technician)

    episode.refresh_from_db()
    assert (episode.theme, episode.proposal_id) == ("PAIF no território", paif.pk)
    html = client.get(f"/agenda/escutas/{consultation.pk}/").content.decode()
    assert f'href="/agenda/eventos/{episode.pk}/"' in html


def test_a_published_episode_does_not_take_a_theme(
    consultation, series, mt_technician, cuiaba_focal_point
):
    paif = services.propose_theme(consultation, by=cuiaba_focal_point, title="PAIF")
    services.close_consultation(consultation, by=mt_technician)
    episode = _episode(series, dt.date(2026, 4, 8), status=EventStatus.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        services.pick_theme(paif, episode=episode, by=mt_technician)
    assert "episode" in refused.value.message_dict


def test_the_consultation_page_lets_a_focal_point_propose_and_vote(
    consultation, cuiaba_focal_point, varzea_focal_point, sign_in, client
):
    sign_in(cuiaba_focal_point)
    response = client.post(
        f"/agenda/escutas/{consultation.pk}/temas/", {"title": "Cadastro Único", "description": ""}
    )
    assert response.status_code == 302
    proposal = consultation.proposals.get()
    client.post("/contas/sair/")
    sign_in(varzea_focal_point)
    client.post(f"/agenda/escutas/temas/{proposal.pk}/voto/")
    page = client.get(f"/agenda/escutas/{consultation.pk}/").content.decode()
    assert "Cadastro Único" in page
    assert "Retirar voto" in page
    assert proposal.votes.get().municipality.ibge == VARZEA_GRANDE


def test_the_page_of_an_unknown_consultation_is_404(agenda_seeds, client):
    assert client.get("/agenda/escutas/999/").status_code == 404


def test_the_api_runs_the_same_consultation(
    consultation, series, mt_technician, cuiaba_focal_point, varzea_focal_point, client
):
    focal = {"HTTP_AUTHORIZATION": f"Bearer {_token(cuiaba_focal_point)}"}
    other = {"HTTP_AUTHORIZATION": f"Bearer {_token(varzea_focal_point)}"}
    staff = {"HTTP_AUTHORIZATION": f"Bearer {_token(mt_technician)}"}
    created = client.post(
        f"/api/v1/consultations/{consultation.pk}/proposals",
        {"title": "Acolhimento"},
        content_type="application/json",
        **focal,
    )
    assert created.status_code == 201
    proposal = created.json()["id"]
    voted = client.post(
        f"/api/v1/proposals/{proposal}/votes", {}, content_type="application/json", **other
    )
    assert voted.status_code == 201
    again = client.post(
        f"/api/v1/proposals/{proposal}/votes", {}, content_type="application/json", **other
    )
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "municipality"
    closed = client.post(f"/api/v1/consultations/{consultation.pk}/close", **staff)
    assert closed.json()["ranking"][0] == {
        "rank": 1,
        "proposal": proposal,
        "title": "Acolhimento",
        "proposed_by": "Cuiabá",
        "votes": 1,
        "municipalities": 2,
        "episode": None,
    }
    late = client.post(
        f"/api/v1/proposals/{proposal}/votes", {}, content_type="application/json", **focal
    )
    assert late.status_code == 409
    episode = _episode(series, dt.date(2026, 5, 13))
    picked = client.post(
        f"/api/v1/proposals/{proposal}/pick",
        {"episode": episode.pk},
        content_type="application/json",
        **staff,
    )
    assert picked.json()["ranking"][0]["episode"] == episode.pk
    assert client.get(f"/api/v1/consultations/{consultation.pk}").json()["status"] == "closed"


def test_the_api_refuses_a_focal_point_closing_it(consultation, cuiaba_focal_point, client):
    response = client.post(
        f"/api/v1/consultations/{consultation.pk}/close",
        HTTP_AUTHORIZATION=f"Bearer {_token(cuiaba_focal_point)}",
    )
    assert response.status_code == 403
