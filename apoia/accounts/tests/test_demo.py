import stat

import pytest
from django.apps import apps
from django.core.management import CommandError
from validate_docbr import CNPJ

from apoia.accounts.models import Membership, Organization, User
from apoia.accounts.reference import load_org_units

LOGIN = "/contas/entrar/"
DEMO_EMAILS = [
    "admin@apoia.demo",
    "coordenador@apoia.demo",
    "tecnico@apoia.demo",
    "ouvidor@apoia.demo",
    "municipio@apoia.demo",
    "osc@apoia.demo",
    "cidadao@apoia.demo",
    "tecnico-mt@apoia.demo",
    "neep@apoia.demo",
    "municipio-mt@apoia.demo",
]


@pytest.fixture(autouse=True)
def cuiaba(state_mt):
    """The MT focal point's municipality (the agenda's demo)."""
    from apoia.territory.models import Municipality

    return Municipality.objects.get_or_create(
        ibge=5103403, defaults={"name": "Cuiabá", "state": state_mt, "is_capital": True}
    )[0]


def run_load_demo() -> str:
    lines = []
    apps.get_app_config("accounts").load_demo(lines.append)
    return "\n".join(lines)


def memberships():
    return sorted(
        (m.user.email, m.role, str(m.org_unit or m.municipality or m.organization or ""))
        for m in Membership.objects.select_related(
            "user", "org_unit", "municipality", "organization"
        )
    )


def test_load_demo_twice_creates_each_demo_person_once_and_the_printed_password_logs_in(
    state_ms, state_mt, campo_grande, settings, tmp_path, client
):
    settings.VAR_DIR = tmp_path
    settings.APOIA_DEMO_PASSWORD = ""
    load_org_units()

    first = run_load_demo()
    second = run_load_demo()

    password_file = tmp_path / "demo_password"
    password = password_file.read_text().strip()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert f"Senha de todos: {password}" in first
    assert f"Senha de todos: {password}" in second
    assert sorted(User.objects.values_list("email", flat=True)) == sorted(DEMO_EMAILS)
    assert memberships() == [
        ("admin@apoia.demo", "admin", ""),
        (
            "coordenador@apoia.demo",
            "coordinator",
            "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        ),
        ("municipio-mt@apoia.demo", "municipal", "Cuiabá/MT"),
        ("municipio@apoia.demo", "municipal", "Campo Grande/MS"),
        (
            "neep@apoia.demo",
            "neep",
            "Núcleo Estadual de Educação Permanente do SUAS (NEEP/SUAS/MT)",
        ),
        ("osc@apoia.demo", "organization", "Associação de Moradores do Bairro Demonstração"),
        ("ouvidor@apoia.demo", "ombudsman", "Ouvidoria da Secretaria de Estado da Cidadania"),
        ("tecnico-mt@apoia.demo", "technician", "Coordenadoria de Proteção Social Básica"),
        (
            "tecnico@apoia.demo",
            "technician",
            "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        ),
    ]
    for email in DEMO_EMAILS:
        assert email in second
        response = client.post(LOGIN, {"username": email, "password": password})
        assert response.status_code == 302, email
        client.post("/contas/sair/")


def test_the_demo_administrator_enters_the_django_admin(
    state_ms, state_mt, campo_grande, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    load_org_units()
    run_load_demo()

    admin = User.objects.get(email="admin@apoia.demo")
    assert (admin.is_staff, admin.is_superuser, admin.full_name) == (True, True, "Adriana Alves")
    assert User.objects.filter(is_staff=True).count() == 1


def test_the_demo_organization_has_a_valid_cnpj_in_campo_grande(
    state_ms, state_mt, campo_grande, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    load_org_units()
    run_load_demo()
    run_load_demo()

    organization = Organization.objects.get()
    assert organization.name == "Associação de Moradores do Bairro Demonstração"
    assert organization.kind == "association"
    assert organization.municipality == campo_grande
    assert CNPJ().validate(organization.cnpj)


def test_a_password_a_person_changed_survives_a_reload(
    state_ms, state_mt, campo_grande, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.APOIA_DEMO_PASSWORD = ""
    load_org_units()
    run_load_demo()
    tecnico = User.objects.get(email="tecnico@apoia.demo")
    tecnico.set_password("minha-senha-nova-7")
    tecnico.save()

    output = run_load_demo()

    tecnico.refresh_from_db()
    assert tecnico.check_password("minha-senha-nova-7")
    assert "* senha alterada pela pessoa; mantida." in output


def test_a_pinned_demo_password_is_set_on_every_load(
    state_ms, state_mt, campo_grande, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.APOIA_DEMO_PASSWORD = "senha-fixa-da-demo"
    load_org_units()
    run_load_demo()
    tecnico = User.objects.get(email="tecnico@apoia.demo")
    tecnico.set_password("minha-senha-nova-7")
    tecnico.save()

    output = run_load_demo()

    tecnico.refresh_from_db()
    assert tecnico.check_password("senha-fixa-da-demo")
    assert "Senha de todos: senha-fixa-da-demo" in output
    assert not (tmp_path / "demo_password").exists()


def test_load_demo_without_reference_data_says_what_to_run(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError) as error:
        run_load_demo()

    assert str(error.value) == (
        "Dados de referência ausentes (ibge=5002704). Execute antes: apoia load_reference"
    )
