import datetime

import pytest
import time_machine
from django.urls import reverse

from apoia.society import services_councils as services
from apoia.society import services_councils_meetings as meeting_services
from apoia.society.tests.test_councils_services import (
    MEETING_AT,
    make_council,
    six_seats,
)

# Noon in Campo Grande: the local date is 2026-12-14; the mandates end on 2027-02-28 (76 days).
TODAY = datetime.datetime(2026, 12, 14, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture
def cmas(technician, campo_grande, organization):
    council = make_council(technician, campo_grande)
    seats = six_seats(technician, council, organization)
    ids = [seats[0][1].pk, seats[1][1].pk, seats[2][1].pk, seats[3][2].pk, seats[4][1].pk]
    meeting = meeting_services.record_meeting(
        by=technician,
        council=council,
        kind="ordinary",
        starts_at=MEETING_AT,
        agenda="Plano municipal de assistência social",
        place="Sala dos Conselhos",
        mandate_ids=ids,
        minutes="Aberta a sessão, aprovou-se o plano.",
        minutes_approved_on=datetime.date(2026, 6, 9),
    )
    meeting_services.add_resolution(
        by=technician,
        council=council,
        number=7,
        issued_on=datetime.date(2026, 5, 12),
        summary="Aprova o Plano Municipal de Assistência Social.",
        meeting=meeting,
    )
    council.seats_built = seats
    council.meeting = meeting
    return council


@pytest.mark.django_db
def test_list_shows_council_with_parity(client, cmas):
    body = client.get(reverse("society:councils")).content.decode()
    assert "Conselho Municipal de Assistência Social de Campo Grande" in body
    assert "Paritário: 3 governo × 3 sociedade civil" in body


@pytest.mark.django_db
def test_list_search_ignores_accents(client, cmas):
    body = client.get(reverse("society:councils"), {"q": "assistencia"}).content.decode()
    assert "Conselho Municipal de Assistência Social de Campo Grande" in body


@pytest.mark.django_db
def test_list_filter_by_another_uf_shows_empty_state(client, cmas):
    body = client.get(reverse("society:councils"), {"uf": "MT"}).content.decode()
    assert "Nenhum conselho encontrado." in body


@pytest.mark.django_db
def test_list_filters_by_policy_area(client, cmas, technician, campo_grande):
    make_council(technician, campo_grande, name="Conselho Municipal de Saúde", policy_area="Saúde")
    body = client.get(reverse("society:councils"), {"policy_area": "Saúde"}).content.decode()
    assert "Conselho Municipal de Saúde" in body
    assert "Assistência Social de Campo Grande" not in body


@pytest.mark.django_db
def test_list_offers_new_council_to_staff_only(client, sign_in, cmas, technician):
    assert "Novo conselho" not in client.get(reverse("society:councils")).content.decode()
    body = sign_in(technician).get(reverse("society:councils")).content.decode()
    assert "Novo conselho" in body


@pytest.mark.django_db
def test_council_page_shows_legal_basis_seats_and_resolution(client, cmas):
    body = client.get(cmas.get_absolute_url()).content.decode()
    assert "Lei Municipal nº 3.456/1996" in body
    assert "Titular Secretaria de Saúde" in body
    assert "Suplente Usuários" in body
    assert "Resolução nº" in body and "7/2026" in body
    assert "5 de 6 cadeiras (mínimo 4)" in body


@pytest.mark.django_db
def test_council_page_tags_mandates_ending_within_sixty_days(client, cmas):
    with time_machine.travel(datetime.datetime(2027, 1, 29, 16, 0, tzinfo=datetime.UTC)):
        body = client.get(cmas.get_absolute_url()).content.decode()
    assert "termina em 30 dias" in body


@pytest.mark.django_db
def test_council_page_has_no_tag_for_mandates_ending_later(client, cmas):
    with time_machine.travel(TODAY):
        body = client.get(cmas.get_absolute_url()).content.decode()
    assert "termina em" not in body


@pytest.mark.django_db
def test_council_page_hides_councillors_email_from_the_public(client, cmas):
    body = client.get(cmas.get_absolute_url()).content.decode()
    assert "titular@exemplo.test" not in body


@pytest.mark.django_db
def test_council_page_shows_councillors_email_to_managers(sign_in, cmas, technician):
    body = sign_in(technician).get(cmas.get_absolute_url()).content.decode()
    assert "titular@exemplo.test" in body
    assert "Registrar reunião" in body


@pytest.mark.django_db
def test_council_page_hides_email_from_another_organization(sign_in, cmas, other_organization_user):
    body = sign_in(other_organization_user).get(cmas.get_absolute_url()).content.decode()
    assert "titular@exemplo.test" not in body
    assert "Registrar reunião" not in body


@pytest.mark.django_db
def test_unknown_council_is_404(client, db):
    assert client.get(reverse("society:council", args=[999])).status_code == 404


@pytest.mark.django_db
def test_meeting_page_explains_quorum_and_shows_minutes(client, cmas):
    url = reverse("society:council_meeting", args=[cmas.pk, cmas.meeting.pk])
    body = client.get(url).content.decode()
    assert "5 de 6 cadeiras (mínimo 4)" in body
    assert "quórum atingido" in body
    assert "suplente no exercício" in body
    assert "Aberta a sessão, aprovou-se o plano." in body
    assert "aprovada em 09/06/2026" in body


@pytest.mark.django_db
def test_meeting_of_another_council_is_404(client, cmas, technician, campo_grande):
    other = make_council(technician, campo_grande, name="Conselho do Idoso")
    url = reverse("society:council_meeting", args=[other.pk, cmas.meeting.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_organization_page_lists_its_council_seats(client, cmas, organization):
    with time_machine.travel(TODAY):
        body = client.get(reverse("society:organization", args=[organization.pk])).content
    text = body.decode()
    assert "Cadeiras em conselhos" in text
    assert "Entidades de assistência" in text
    assert "Titular Entidades de assistência, até 28/02/2027" in text
    assert "titular@exemplo.test" not in text


@pytest.mark.django_db
def test_organization_page_without_seats_has_no_council_section(client, other_organization):
    body = client.get(reverse("society:organization", args=[other_organization.pk])).content
    assert "Cadeiras em conselhos" not in body.decode()


@pytest.mark.django_db
def test_list_filters_by_municipality_offered_in_the_select(client, cmas, state_ms):
    body = client.get(reverse("society:councils"), {"municipality": "5002704"}).content.decode()
    assert '<option value="5002704" selected>Campo Grande/MS</option>' in body
    assert "Assistência Social de Campo Grande" in body


@pytest.mark.django_db
def test_council_pages_have_sound_outlines_and_unique_ids(sign_in, technician, cmas):
    from apoia.tests.html import duplicate_ids, heading_jumps

    client = sign_in(technician)
    urls = [
        reverse("society:councils"),
        cmas.get_absolute_url(),
        reverse("society:council_meeting", args=[cmas.pk, cmas.meeting.pk]),
        reverse("society:council_attendance", args=[cmas.meeting.pk]),
        reverse("society:council_new"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert (url, heading_jumps(html), duplicate_ids(html)) == (url, [], [])


@pytest.mark.django_db
def test_the_council_record_page_links_to_its_council(
    client, technician, campo_grande, organization
):
    council = make_council(technician, campo_grande, organization=organization)
    body = client.get(reverse("society:organization", args=[organization.pk])).content.decode()
    assert f'Este cadastro é o do conselho <a href="/conselhos/{council.pk}/">' in body


@pytest.mark.django_db
def test_mandate_ending_today_is_tagged(client, cmas):
    with time_machine.travel(datetime.datetime(2027, 2, 28, 16, 0, tzinfo=datetime.UTC)):
        body = client.get(cmas.get_absolute_url()).content.decode()
    assert "termina hoje" in body


@pytest.mark.django_db
def test_managers_see_future_mandates(sign_in, technician, cmas):
    from apoia.society.models.councils import Mandate

    services.add_mandate(
        by=technician,
        seat=cmas.seats_built[0][0],
        role="titular",
        person_name="Futura Titular",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2029, 2, 28),
    )
    with time_machine.travel(TODAY):
        body = sign_in(technician).get(cmas.get_absolute_url()).content.decode()
    assert "Futura Titular" in body and "futuro" in body
    assert Mandate.objects.count() == 13


@pytest.mark.django_db
def test_the_public_does_not_see_the_mandates_table(client, cmas):
    assert "Mandatos registrados" not in client.get(cmas.get_absolute_url()).content.decode()
