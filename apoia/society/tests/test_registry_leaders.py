"""Leaders of an organization: CPF checks, the representative's proposal and the reviewer's
diff that never shows personal data."""

import pytest
from django.core.exceptions import ValidationError

from apoia.society import services_registry as sr
from apoia.society.models.registry import Leader

pytestmark = pytest.mark.django_db

CPF = "52998224725"
OTHER_CPF = "11144477735"


def _leader(**extra):
    return {
        "name": "Ana Lima",
        "position": "Presidente",
        "mandate_start": "2025-01-01",
        "mandate_end": "2026-12-31",
        "cpf": CPF,
        "email": "ana.pessoal@exemplo.test",
        "phone": "67999887766",
        **extra,
    }


def test_a_punctuated_cpf_is_kept_as_digits(organization, coordinator):
    sr.edit_organization(
        organization=organization, by=coordinator, data={"leaders": [_leader(cpf="529.982.247-25")]}
    )
    assert Leader.objects.get(organization=organization).cpf == CPF


def test_a_cpf_with_wrong_check_digits_is_refused_naming_the_leader(organization, coordinator):
    with pytest.raises(ValidationError) as error:
        sr.edit_organization(
            organization=organization,
            by=coordinator,
            data={"leaders": [_leader(cpf="52998224700")]},
        )
    assert error.value.message_dict == {"leaders": ["Dirigente 1: CPF inválido."]}


def test_a_mandate_ending_before_it_starts_is_refused(organization, coordinator):
    with pytest.raises(ValidationError) as error:
        sr.edit_organization(
            organization=organization,
            by=coordinator,
            data={"leaders": [_leader(mandate_start="2026-01-01", mandate_end="2025-01-01")]},
        )
    assert error.value.message_dict == {
        "leaders": ["Dirigente 1: O mandato não pode terminar antes de começar."]
    }


def test_a_representatives_leaders_change_waits_for_review(organization, organization_user):
    sr.edit_organization(
        organization=organization, by=organization_user, data={"leaders": [_leader()]}
    )
    assert Leader.objects.filter(organization=organization).count() == 0


def test_approval_replaces_the_board(organization, organization_user, coordinator):
    Leader.objects.create(organization=organization, name="Velho", position="Tesoureiro")
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"leaders": [_leader()]}
    )
    sr.approve_change(change=change, by=coordinator)
    assert list(organization.leaders.values_list("name", "cpf")) == [("Ana Lima", CPF)]


def test_the_diff_says_personal_data_changed_without_showing_it(
    organization, organization_user, coordinator
):
    sr.edit_organization(organization=organization, by=coordinator, data={"leaders": [_leader()]})
    change = sr.edit_organization(
        organization=organization,
        by=organization_user,
        data={"leaders": [_leader(cpf=OTHER_CPF, email="novo@exemplo.test")]},
    )
    rows = sr.readable_diff(change)
    assert rows == [
        (
            "Dirigentes",
            "Ana Lima — Presidente (01/01/2025 – 31/12/2026)",
            "Dados pessoais alterados (não exibidos).",
        )
    ]
    assert OTHER_CPF not in str(rows) and "novo@exemplo.test" not in str(rows)


def _board(total, initial=0, **rows):
    data = {
        "name": "Associação de Moradores do Jardim Teste",
        "leaders-TOTAL_FORMS": str(total),
        "leaders-INITIAL_FORMS": str(initial),
        "leaders-MIN_NUM_FORMS": "0",
        "leaders-MAX_NUM_FORMS": "30",
    }
    data.update(rows)
    return data


def _row(i, **values):
    return {f"leaders-{i}-{k}": v for k, v in values.items()}


def test_the_edit_page_shows_the_board_with_a_blank_row(sign_in, coordinator, organization):
    Leader.objects.create(organization=organization, name="Joana", position="Presidente")
    page = sign_in(coordinator).get(f"/organizacoes/{organization.pk}/editar/").content.decode()
    assert 'value="Joana"' in page
    assert 'name="leaders-1-name"' in page
    assert "Remover este dirigente" in page


def test_staff_add_a_leader_on_the_edit_page(sign_in, coordinator, organization):
    sign_in(coordinator).post(
        f"/organizacoes/{organization.pk}/editar/",
        _board(1, **_row(0, name="Ana Lima", position="Presidente", cpf="529.982.247-25")),
    )
    assert list(organization.leaders.values_list("name", "cpf")) == [("Ana Lima", CPF)]


def test_staff_remove_a_leader_on_the_edit_page(sign_in, coordinator, organization):
    Leader.objects.create(organization=organization, name="Joana", position="Presidente")
    sign_in(coordinator).post(
        f"/organizacoes/{organization.pk}/editar/",
        _board(1, 1, **_row(0, name="Joana", position="Presidente", DELETE="on")),
    )
    assert organization.leaders.count() == 0


def test_an_unchanged_leader_is_kept(sign_in, coordinator, organization):
    Leader.objects.create(organization=organization, name="Joana", position="Presidente")
    sign_in(coordinator).post(
        f"/organizacoes/{organization.pk}/editar/",
        _board(2, 1, **_row(0, name="Joana", position="Presidente")),
    )
    assert list(organization.leaders.values_list("name", flat=True)) == ["Joana"]


def test_an_invalid_cpf_is_shown_next_to_the_field(sign_in, coordinator, organization):
    response = sign_in(coordinator).post(
        f"/organizacoes/{organization.pk}/editar/",
        _board(1, **_row(0, name="Ana", position="Presidente", cpf="111.111.111-12")),
    )
    assert response.status_code == 200
    assert "CPF inválido." in response.content.decode()
    assert organization.leaders.count() == 0


def test_a_representatives_board_change_goes_to_review(
    sign_in, organization_user, coordinator, organization
):
    sign_in(organization_user).post(
        f"/organizacoes/{organization.pk}/editar/",
        _board(1, **_row(0, name="Ana Lima", position="Presidente", cpf=CPF)),
    )
    assert organization.leaders.count() == 0
    change = organization.proposed_changes.get()
    page = sign_in(coordinator).get(f"/organizacoes/alteracoes/{change.pk}/").content.decode()
    assert "Ana Lima — Presidente" in page
    assert CPF not in page


def test_staff_create_an_organization_with_its_board(sign_in, coordinator, campo_grande):
    data = _board(1, **_row(0, name="Ana Lima", position="Presidente"))
    data.update({"name": "Coletivo Novo", "kind": "collective", "municipality": campo_grande.pk})
    response = sign_in(coordinator).post("/organizacoes/nova/", data)
    assert response.status_code == 302
    assert list(Leader.objects.values_list("name", flat=True)) == ["Ana Lima"]
