import pytest
from django.urls import reverse

from apoia.accounts.models import Role
from apoia.accounts.services import ensure_membership
from apoia.accounts.tests.factories import UserFactory
from apoia.programs.models import Adhesion
from apoia.protocol import services as protocol_services
from apoia.territory.models import Municipality

pytestmark = pytest.mark.usefixtures("march_18_2026")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def adhesion(file_adhesion, segem_coordinator):
    protocol_services.decide(file_adhesion(), accepted=True, by=segem_coordinator)
    return Adhesion.objects.get()


def test_the_catalogs_request_link_of_the_adhesion_service_leads_to_the_adhesion_form(
    client, ms_ativo, mario
):
    client.force_login(mario, backend=MODEL_BACKEND)

    response = client.get("/servicos/adesao-ms-ativo/solicitar/")

    assert (response.status_code, response["Location"]) == (302, "/programas/ms-ativo/aderir/")


def test_the_form_files_the_request_and_shows_its_receipt(client, ms_ativo, phase_3, mario):
    client.force_login(mario, backend=MODEL_BACKEND)

    response = client.post(
        "/programas/ms-ativo/aderir/",
        {
            "municipality": "5002704",
            "phase": str(phase_3.pk),
            "mayor_declaration": "on",
            "focal-TOTAL_FORMS": "2",
            "focal-INITIAL_FORMS": "0",
            "focal-0-name": "Renata Lima",
            "focal-0-role": "Secretária",
            "focal-0-email": "renata@exemplo.ms.gov.br",
            "focal-0-phone": "",
            "focal-1-name": "",
            "focal-1-role": "",
            "focal-1-email": "",
            "focal-1-phone": "",
        },
    )

    req = ms_ativo.applications.get().request
    assert (response.status_code, response["Location"]) == (
        302,
        f"/protocolo/{req.protocol_slug}/recibo/",
    )


def test_the_form_says_in_portuguese_that_the_phase_was_already_joined(
    client, adhesion, phase_3, mario
):
    client.force_login(mario, backend=MODEL_BACKEND)

    response = client.post(
        "/programas/ms-ativo/aderir/",
        {
            "municipality": "5002704",
            "phase": str(phase_3.pk),
            "mayor_declaration": "on",
            "focal-TOTAL_FORMS": "1",
            "focal-INITIAL_FORMS": "0",
            "focal-0-name": "Renata Lima",
            "focal-0-role": "Secretária",
            "focal-0-email": "renata@exemplo.ms.gov.br",
        },
    )

    assert response.status_code == 400
    assert "Campo Grande já aderiu à Fase 3 deste programa." in response.content.decode()


def test_the_phase_options_say_where_each_phase_stands_without_repeating_the_program(
    client, ms_ativo, phase_3, mario
):
    client.force_login(mario, backend=MODEL_BACKEND)

    content = client.get("/programas/ms-ativo/aderir/").content.decode()

    assert f'<option value="{phase_3.pk}">Fase 3 — adesão aberta até 30/04/2026</option>' in content
    assert "MS Ativo Municipalismo — Fase 3" not in content


def test_a_user_who_is_no_focal_point_is_told_who_may_request(client, ms_ativo, coordinator):
    client.force_login(coordinator, backend=MODEL_BACKEND)

    response = client.get("/programas/ms-ativo/aderir/")

    assert response.status_code == 403


def test_the_public_page_says_how_many_municipalities_adhered_to_the_current_phase(
    client, adhesion
):
    response = client.get("/programas/ms-ativo/")

    assert response.status_code == 200
    assert "1 de 79 municípios aderiu à Fase 3" in response.content.decode()


def test_the_verification_page_confirms_the_term_without_contacts(client, adhesion):
    response = client.get(f"/verificar/{adhesion.verification_code}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Renata Lima — Secretária de Planejamento" in body
    assert adhesion.request.protocol in body
    assert "renata.lima@exemplo.ms.gov.br" not in body
    assert "3314" not in body


def test_an_unknown_verification_code_answers_404(client, ms_ativo):
    assert client.get("/verificar/AAAA-BBBB-CCCC/").status_code == 404


def test_the_term_pdf_opens_for_the_focal_point(client, adhesion, mario):
    client.force_login(mario, backend=MODEL_BACKEND)

    response = client.get(reverse("programs:term_pdf", args=[adhesion.pk]))

    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


def test_the_program_page_links_a_focal_point_to_her_municipality_adhesion(client, adhesion, mario):
    client.force_login(mario, backend=MODEL_BACKEND)

    body = client.get(f"/programas/{adhesion.program.slug}/").content.decode()

    assert "Adesão do seu município" in body
    assert f'href="/programas/adesoes/{adhesion.pk}/"' in body


def test_a_focal_point_of_another_municipality_gets_404_for_the_adhesion(client, adhesion):
    dourados = Municipality.objects.get(ibge=5003702)
    stranger = UserFactory(email="outro@apoia.test")
    ensure_membership(stranger, Role.MUNICIPAL, municipality=dourados)
    client.force_login(stranger, backend=MODEL_BACKEND)

    assert client.get(f"/programas/adesoes/{adhesion.pk}/").status_code == 404
    assert client.get(f"/programas/adesoes/{adhesion.pk}/termo.pdf").status_code == 404


def test_the_adhesion_page_shows_its_history(client, adhesion, segem_coordinator):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    response = client.get(f"/programas/adesoes/{adhesion.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Histórico" in body and "Sílvia Souza" in body


def test_the_staff_list_downloads_the_adhesions_as_csv(client, adhesion, segem_coordinator):
    client.force_login(segem_coordinator, backend=MODEL_BACKEND)

    response = client.get("/programas/gestao/ms-ativo/adesoes/", {"formato": "csv"})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "IBGE;Município;Fase;Situação;Desde;Protocolo;Pontos focais",
        f"5002704;Campo Grande;Fase 3;Ativa;18/03/2026;{adhesion.request.protocol};"
        "Renata Lima (Secretária de Planejamento) <renata.lima@exemplo.ms.gov.br>",
    ]


def test_a_coordinator_of_another_unit_cannot_open_the_staff_pages(client, adhesion, coordinator):
    client.force_login(coordinator, backend=MODEL_BACKEND)

    assert client.get("/programas/gestao/ms-ativo/adesoes/").status_code == 404


def test_the_municipality_profile_lists_the_program_it_joined(client, adhesion):
    response = client.get("/indicadores/municipios/5002704/")

    assert "MS Ativo Municipalismo" in response.content.decode()


def test_the_api_lists_programs_with_their_phases(client, ms_ativo):
    response = client.get("/api/v1/programs")

    assert response.json() == [
        {
            "slug": "ms-ativo",
            "name": "MS Ativo Municipalismo",
            "state": "MS",
            "phases": [
                {
                    "slug": "fase-1",
                    "name": "Fase 1",
                    "start": None,
                    "end": None,
                    "status": "closed",
                },
                {
                    "slug": "fase-2",
                    "name": "Fase 2",
                    "start": None,
                    "end": None,
                    "status": "closed",
                },
                {
                    "slug": "fase-3",
                    "name": "Fase 3",
                    "start": "2026-03-01",
                    "end": None,
                    "status": "adhesion",
                },
            ],
        }
    ]


def test_the_api_counts_the_adhesions_of_the_current_phase(client, adhesion):
    response = client.get("/api/v1/programs/ms-ativo")

    assert response.json()["adhesions"] == {"count": 1, "eligible": 79}


def test_the_api_lists_the_active_adhesions_without_personal_data(client, adhesion):
    response = client.get("/api/v1/programs/ms-ativo/adhesions")

    assert response.json() == [
        {
            "ibge": 5002704,
            "municipality": "Campo Grande",
            "phase": "fase-3",
            "since": "2026-03-18",
            "status": "active",
            "protocol": adhesion.request.protocol,
        }
    ]


def test_the_api_refuses_an_unknown_status_in_portuguese(client, ms_ativo):
    response = client.get("/api/v1/programs/ms-ativo/adhesions", {"status": "x"})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        [
            {
                "field": "status",
                "message": "Situação desconhecida; use uma de: active, queued, withdrawn.",
            }
        ],
    )


def test_the_demo_headline_is_52_of_79(ms_seeds, client):
    from apoia.programs.demo import ensure_program, load_demo_programs

    ensure_program()
    load_demo_programs()

    response = client.get("/programas/ms-ativo-municipalismo/")

    assert "52 de 79 municípios aderiram à Fase 3" in response.content.decode()
