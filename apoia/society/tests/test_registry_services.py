import pytest
from django.core.exceptions import ValidationError

from apoia.society import services_registry as sr
from apoia.society.models.registry import AreaOfWork, ChangeStatus, Leader, OrganizationChange

pytestmark = pytest.mark.django_db

VALID_CNPJ = "11222333000181"


def test_staff_creates_an_organization_with_its_record(coordinator, campo_grande):
    AreaOfWork.objects.create(slug="cultura", name="Cultura e recreação")
    org = sr.create_organization(
        by=coordinator,
        municipality=campo_grande,
        name="Coletivo Novo",
        kind="collective",
        cnpj=VALID_CNPJ,
        legal_nature="Associação privada",
        areas=["cultura"],
        leaders=[{"name": "Ana", "position": "Presidente", "cpf": "52998224725"}],
    )
    assert org.record.legal_nature == "Associação privada"
    assert list(org.record.areas.values_list("slug", flat=True)) == ["cultura"]
    assert Leader.objects.get(organization=org).position == "Presidente"


def test_invalid_cnpj_is_refused_naming_cnpj(coordinator, campo_grande):
    with pytest.raises(ValidationError) as error:
        sr.create_organization(
            by=coordinator, municipality=campo_grande, name="X", kind="osc", cnpj="11222333000100"
        )
    assert "cnpj" in error.value.message_dict


def test_duplicate_cnpj_is_refused_naming_cnpj(coordinator, campo_grande, organization):
    with pytest.raises(ValidationError) as error:
        sr.create_organization(
            by=coordinator,
            municipality=campo_grande,
            name="X",
            kind="osc",
            cnpj=organization.cnpj,
        )
    assert error.value.message_dict["cnpj"] == ["Já existe uma organização com este CNPJ."]


def test_organization_without_cnpj_is_accepted_twice(coordinator, campo_grande):
    for name in ("Coletivo A", "Coletivo B"):
        sr.create_organization(
            by=coordinator, municipality=campo_grande, name=name, kind="collective", cnpj=""
        )


def test_representative_edit_waits_for_review(organization, organization_user):
    old_name = organization.name
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    organization.refresh_from_db()
    assert organization.name == old_name
    assert change.status == ChangeStatus.PENDING


def test_second_edit_updates_the_pending_change(organization, organization_user):
    sr.edit_organization(organization=organization, by=organization_user, data={"name": "A"})
    sr.edit_organization(organization=organization, by=organization_user, data={"name": "B"})
    change = OrganizationChange.objects.get(organization=organization)
    assert change.proposed["name"] == "B"


def test_representative_cannot_edit_another_organization(other_organization, organization_user):
    with pytest.raises(ValidationError):
        sr.edit_organization(
            organization=other_organization, by=organization_user, data={"name": "X"}
        )


def test_diff_shows_old_and_new(organization, organization_user):
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    assert sr.diff(change) == [("name", "Associação de Moradores do Jardim Teste", "Nome Novo")]


def test_the_reviewer_reads_the_diff_with_labels_and_names(organization, organization_user):
    AreaOfWork.objects.create(slug="cultura", name="Cultura e recreação")
    change = sr.edit_organization(
        organization=organization,
        by=organization_user,
        data={
            "founded_on": "2001-05-20",
            "areas": ["cultura"],
            "leaders": [
                {
                    "name": "Ana Lima",
                    "position": "Presidente",
                    "mandate_start": "2025-01-01",
                    "mandate_end": "2026-12-31",
                    "cpf": "52998224725",
                }
            ],
        },
    )
    rows = sr.readable_diff(change)
    assert ("Data de fundação", "", "20/05/2001") in rows
    assert ("Áreas de atuação", "", "Cultura e recreação") in rows
    assert ("Dirigentes", "", "Ana Lima — Presidente (01/01/2025 – 31/12/2026)") in rows
    assert "52998224725" not in str(rows)


def test_approval_makes_the_change_public(organization, organization_user, coordinator):
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    sr.approve_change(change=change, by=coordinator)
    organization.refresh_from_db()
    assert organization.name == "Nome Novo"


def test_refusal_needs_a_reason(organization, organization_user, coordinator):
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    with pytest.raises(ValidationError) as error:
        sr.refuse_change(change=change, by=coordinator, reason="  ")
    assert "reason" in error.value.message_dict


def test_refusal_keeps_the_record(organization, organization_user, coordinator):
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    sr.refuse_change(change=change, by=coordinator, reason="Nome não confere")
    organization.refresh_from_db()
    assert organization.name == "Associação de Moradores do Jardim Teste"
    assert change.status == ChangeStatus.REFUSED


def test_representative_cannot_approve(organization, organization_user):
    change = sr.edit_organization(
        organization=organization, by=organization_user, data={"name": "Nome Novo"}
    )
    with pytest.raises(ValidationError):
        sr.approve_change(change=change, by=organization_user)
