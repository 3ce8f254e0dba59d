import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from apoia.society import services_partnerships as sp
from apoia.society.models.partnerships import ReportKind, SelectionMode, TermKind

D = datetime.date


@pytest.fixture
def partnership(technician, community_unit, organization):
    p = sp.create_partnership(
        by=technician,
        unit=community_unit,
        title="Hortas comunitárias",
        object="Implantar hortas.",
        selection_mode=SelectionMode.EXEMPTION,
        term_kind=TermKind.FOMENTO,
        exemption_justification="Art. 30.",
    )
    sp.register_selection(
        by=technician, partnership=p, organization=organization, result_published_on=D(2026, 1, 10)
    )
    sp.sign_term(
        by=technician,
        partnership=p,
        term_number="TF 3/2026",
        signed_on=D(2026, 1, 20),
        value=Decimal("1000.00"),
        starts_on=D(2026, 2, 1),
        ends_on=D(2026, 12, 31),
        goals=["Meta única"],
    )
    sp.add_report_due(
        by=technician,
        partnership=p,
        kind=ReportKind.EXECUTION,
        period_label="1º trimestre",
        due_on=D(2026, 3, 5),
    )
    return p


@pytest.mark.django_db
def test_public_list_shows_partnership(partnership):
    response = Client().get("/parcerias/")
    assert response.status_code == 200
    assert "Hortas comunitárias" in response.content.decode()


@pytest.mark.django_db
def test_public_list_filters_by_status(partnership):
    response = Client().get("/parcerias/", {"status": "closed"})
    assert "Hortas comunitárias" not in response.content.decode()


@pytest.mark.django_db
def test_detail_tags_late_report(partnership):
    with time_machine.travel("2026-03-10 10:00 -03:00", tick=False):
        response = Client().get(f"/parcerias/{partnership.pk}/")
    assert response.status_code == 200
    assert "atrasado" in response.content.decode()


def test_detail_shows_the_value_in_brazilian_format(partnership):
    partnership.value = Decimal("180000.00")
    partnership.save()
    body = Client().get(f"/parcerias/{partnership.pk}/").content.decode()
    assert "R$ 180.000,00" in body


@pytest.mark.django_db
def test_api_list_filters_by_cnpj(partnership, organization, other_organization):
    with time_machine.travel("2026-03-10 10:00 -03:00", tick=False):
        rows = Client().get("/api/v1/partnerships", {"organization": organization.cnpj}).json()
    assert [(r["title"], r["reports_late"], r["ends_on"]) for r in rows] == [
        ("Hortas comunitárias", 1, "2026-12-31")
    ]
    other = Client().get("/api/v1/partnerships", {"organization": str(other_organization.pk)})
    assert other.json() == []


@pytest.mark.django_db
def test_api_invalid_status_is_422_naming_status(partnership):
    response = Client().get("/api/v1/partnerships", {"status": "nope"})
    assert response.status_code == 422
    assert "status" in response.content.decode()


@pytest.mark.django_db
def test_api_detail_has_goals_and_reports(partnership):
    data = Client().get(f"/api/v1/partnerships/{partnership.pk}").json()
    assert [g["description"] for g in data["goals"]] == ["Meta única"]
    assert [r["period_label"] for r in data["reports"]] == ["1º trimestre"]


@pytest.mark.django_db
def test_api_detail_unknown_is_404():
    assert Client().get("/api/v1/partnerships/999999").status_code == 404


@pytest.mark.django_db
def test_public_list_unknown_status_is_a_form_error(partnership):
    response = Client().get("/parcerias/", {"status": "nope"})
    body = response.content.decode()
    assert "Situação desconhecida." in body
    assert "Hortas comunitárias" not in body


@pytest.mark.django_db
def test_public_list_unknown_term_kind_is_a_form_error(partnership):
    body = Client().get("/parcerias/", {"term_kind": "convenio"}).content.decode()
    assert "Instrumento desconhecido." in body


@pytest.mark.django_db
def test_public_list_filters_by_organization(partnership, other_organization):
    body = Client().get("/parcerias/", {"organization": other_organization.pk}).content.decode()
    assert "Hortas comunitárias" not in body


@pytest.mark.django_db
def test_representative_sees_own_partnership_with_late_tag(partnership, sign_in, organization_user):
    with time_machine.travel("2026-03-10 10:00 -03:00", tick=False):
        body = sign_in(organization_user).get("/parcerias/minhas/").content.decode()
    assert f'href="/parcerias/{partnership.pk}/"' in body
    assert "1 atrasado" in body


@pytest.mark.django_db
def test_representative_sees_report_due_before_its_deadline(
    partnership, sign_in, organization_user
):
    with time_machine.travel("2026-03-01 10:00 -03:00", tick=False):
        body = sign_in(organization_user).get("/parcerias/minhas/").content.decode()
    assert "1 a entregar" in body


@pytest.mark.django_db
def test_other_representative_does_not_see_the_partnership(
    partnership, sign_in, other_organization_user
):
    body = sign_in(other_organization_user).get("/parcerias/minhas/").content.decode()
    assert "Hortas comunitárias" not in body
    assert "ainda não tem parcerias" in body


@pytest.mark.django_db
def test_my_partnerships_is_404_for_staff(sign_in, technician):
    assert sign_in(technician).get("/parcerias/minhas/").status_code == 404


@pytest.mark.django_db
def test_public_list_filters_by_cnpj_like_the_api(partnership, organization):
    body = Client().get("/parcerias/", {"organization": organization.cnpj}).content.decode()
    assert "Hortas comunitárias" in body


@pytest.mark.django_db
def test_public_list_bad_organization_is_the_apis_message(partnership):
    body = Client().get("/parcerias/", {"organization": "abc"}).content.decode()
    api = Client().get("/api/v1/partnerships", {"organization": "abc"}).json()
    assert api["errors"] == [
        {"field": "organization", "message": "Informe o id ou o CNPJ da organização."}
    ]
    assert "Informe o id ou o CNPJ da organização." in body
