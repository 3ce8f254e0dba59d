# ruff: noqa: F811 - the fixture imported from test_councils_pages is an argument by name
import datetime

import pytest
from django.urls import reverse

from apoia.society.models.councils import Council, CouncilMeeting, Mandate, Resolution, Seat
from apoia.society.tests.test_councils_pages import cmas  # noqa: F401
from apoia.society.tests.test_councils_services import make_council

pytestmark = pytest.mark.django_db

NEW = reverse("society:council_new")


def _council_data(**extra):
    return {
        "name": "Conselho Municipal dos Direitos da Criança e do Adolescente",
        "acronym": "CMDCA",
        "state": 50,
        "municipality": "5002704",
        "legal_basis": "Lei Municipal nº 2.800/1991",
        "policy_area": "Criança e adolescente",
        "requires_parity": "on",
        **extra,
    }


def test_staff_opens_the_new_council_form(sign_in, technician):
    response = sign_in(technician).get(NEW)
    assert response.status_code == 200
    assert "Base legal" in response.content.decode()


def test_representative_gets_404_on_the_new_council_form(sign_in, organization_user):
    assert sign_in(organization_user).get(NEW).status_code == 404


def test_anonymous_is_sent_to_login_from_the_new_council_form(client, db):
    response = client.get(NEW)
    assert (response.status_code, response.url) == (302, "/contas/entrar/?next=/conselhos/novo/")


def test_staff_creates_a_council(sign_in, technician, campo_grande):
    response = sign_in(technician).post(NEW, _council_data())
    council = Council.objects.get(acronym="CMDCA")
    assert response.status_code == 302 and response.url == council.get_absolute_url()
    assert (council.municipality_id, council.requires_parity) == (5002704, True)


def test_unknown_municipality_code_is_said_next_to_its_field(sign_in, technician, campo_grande):
    response = sign_in(technician).post(NEW, _council_data(municipality="5099999"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"municipality": ["Município não encontrado."]}


def test_government_seat_with_an_organization_is_refused_on_the_form(
    sign_in, technician, cmas, organization
):
    url = reverse("society:council_seat_new", args=[cmas.pk])
    data = {"segment": "government", "label": "Secretaria", "organization": organization.pk}
    response = sign_in(technician).post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organization"]


def test_manager_adds_a_civil_society_seat(sign_in, technician, cmas, other_organization):
    url = reverse("society:council_seat_new", args=[cmas.pk])
    data = {
        "segment": "civil_society",
        "label": "Cooperativas",
        "organization": other_organization.pk,
    }
    assert sign_in(technician).post(url, data).status_code == 302
    assert Seat.objects.get(label="Cooperativas").organization == other_organization


def test_overlapping_mandate_is_refused_next_to_its_start(sign_in, technician, cmas):
    seat = cmas.seats_built[0][0]
    url = reverse("society:council_mandate_new", args=[seat.pk])
    data = {
        "role": "titular",
        "person_name": "Nova Pessoa",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
    }
    response = sign_in(technician).post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["starts_on"]


def test_manager_adds_the_next_mandate(sign_in, technician, cmas):
    seat = cmas.seats_built[0][0]
    url = reverse("society:council_mandate_new", args=[seat.pk])
    data = {
        "role": "titular",
        "person_name": "Nova Pessoa",
        "person_email": "nova@exemplo.test",
        "starts_on": "2027-03-01",
        "ends_on": "2029-02-28",
    }
    assert sign_in(technician).post(url, data).status_code == 302
    assert Mandate.objects.get(person_name="Nova Pessoa").ends_on == datetime.date(2029, 2, 28)


def test_recording_a_meeting_leads_to_its_attendance(sign_in, technician, cmas):
    url = reverse("society:council_meeting_new", args=[cmas.pk])
    data = {"kind": "extraordinary", "starts_at": "2026-09-01T09:00", "agenda": "Orçamento"}
    response = sign_in(technician).post(url, data)
    meeting = CouncilMeeting.objects.get(agenda="Orçamento")
    assert response.url == reverse("society:council_attendance", args=[meeting.pk])


def test_attendance_form_lists_the_mandates_in_force(sign_in, technician, cmas):
    url = reverse("society:council_attendance", args=[cmas.meeting.pk])
    body = sign_in(technician).get(url).content.decode()
    assert "Titular Secretaria de Saúde (Titular) — Secretaria de Saúde" in body
    assert 'type="checkbox"' in body


def test_marking_attendance_changes_the_quorum(sign_in, technician, cmas):
    meeting = cmas.meeting
    url = reverse("society:council_attendance", args=[meeting.pk])
    chosen = [cmas.seats_built[0][1].pk, cmas.seats_built[1][1].pk]
    response = sign_in(technician).post(url, {"mandates": chosen})
    assert response.status_code == 302
    assert sorted(meeting.attendances.values_list("mandate_id", flat=True)) == sorted(chosen)


def test_minutes_form_saves_the_minutes(sign_in, technician, cmas):
    url = reverse("society:council_minutes", args=[cmas.meeting.pk])
    data = {"minutes": "Nova redação da ata.", "approved_on": "2026-06-10"}
    assert sign_in(technician).post(url, data).status_code == 302
    cmas.meeting.refresh_from_db()
    assert cmas.meeting.minutes == "Nova redação da ata."


def test_repeated_resolution_number_is_said_next_to_the_number(sign_in, technician, cmas):
    url = reverse("society:council_resolution_new", args=[cmas.pk])
    data = {"number": 7, "issued_on": "2026-10-01", "summary": "Outra."}
    response = sign_in(technician).post(url, data)
    assert response.context["form"].errors == {
        "number": ["Este conselho já tem a resolução nº 7/2026."]
    }
    assert Resolution.objects.count() == 1


def test_staff_of_another_state_gets_404_on_a_council_form(sign_in, cmas, state_mt):
    from apoia.accounts.models import Role
    from apoia.accounts.services import ensure_membership
    from apoia.accounts.tests.factories import OrgUnitFactory, UserFactory

    mt_technician = UserFactory(email="tecnico-mt@apoia.test")
    ensure_membership(
        mt_technician, Role.TECHNICIAN, org_unit=OrgUnitFactory(slug="mt-x", state=state_mt)
    )
    url = reverse("society:council_seat_new", args=[cmas.pk])
    assert sign_in(mt_technician).get(url).status_code == 404


def test_representative_of_another_organization_gets_404_on_the_minutes(
    sign_in, cmas, other_organization_user
):
    url = reverse("society:council_minutes", args=[cmas.meeting.pk])
    assert sign_in(other_organization_user).get(url).status_code == 404


def test_representative_of_the_council_record_edits_it(
    sign_in, technician, campo_grande, organization, organization_user
):
    council = make_council(technician, campo_grande, organization=organization)
    url = reverse("society:council_edit", args=[council.pk])
    data = _council_data(name="CMAS de Campo Grande", organization=organization.pk)
    assert sign_in(organization_user).post(url, data).status_code == 302
    council.refresh_from_db()
    assert council.name == "CMAS de Campo Grande"
