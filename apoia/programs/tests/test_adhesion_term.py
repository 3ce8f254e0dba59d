"""The term of adhesion is issued once, at acceptance, and never redrawn (issue 9, item 2)."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from apoia.programs.models import Adhesion, AdhesionStatus, FocalPoint
from apoia.protocol import services as protocol_services
from apoia.protocol.models import Status
from apoia.territory.models import Municipality

pytestmark = pytest.mark.usefixtures("march_18_2026")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def adhesion(file_adhesion, segem_coordinator):
    protocol_services.decide(file_adhesion(), accepted=True, by=segem_coordinator)
    return Adhesion.objects.get()


def _rename_focal_point(adhesion):
    fp = adhesion.focal_points.get()
    fp.name = "Outra Pessoa"
    fp.role = "Chefe de Gabinete"
    fp.save()


def _pdf(client, adhesion) -> bytes:
    response = client.get(reverse("programs:term_pdf", args=[adhesion.pk]))
    assert response.status_code == 200
    return response.content


def test_acceptance_stores_what_the_term_says(adhesion):
    assert adhesion.term_content == {
        "program": "MS Ativo Municipalismo",
        "managing_unit": adhesion.program.managing_unit.name,
        "state": "Mato Grosso do Sul",
        "municipality": "Campo Grande",
        "uf": "MS",
        "phase": "Fase 3",
        "since": "2026-03-18",
        "protocol": adhesion.request.protocol,
        "focal_points": [{"name": "Renata Lima", "role": "Secretária de Planejamento"}],
        "declaration": adhesion.request.adhesion_application.declaration_text,
        "verification_url": f"http://127.0.0.1:8000/verificar/{adhesion.verification_code}/",
    }


def test_acceptance_stores_the_pdf_with_its_sha256(adhesion):
    with adhesion.term_file.open("rb") as stream:
        stored = stream.read()

    assert (stored[:5], hashlib.sha256(stored).hexdigest()) == (b"%PDF-", adhesion.term_sha256)


def test_the_stored_file_has_a_random_name(adhesion):
    name = adhesion.term_file.name

    assert name.startswith("programs/terms/") and name.endswith(".pdf")
    assert "5002704" not in name and adhesion.verification_code not in name


def test_the_term_download_is_the_stored_file(client, adhesion, mario):
    client.force_login(mario, backend=MODEL_BACKEND)

    assert hashlib.sha256(_pdf(client, adhesion)).hexdigest() == adhesion.term_sha256


def test_editing_a_focal_point_after_acceptance_leaves_the_term_pdf_as_issued(
    client, adhesion, mario
):
    client.force_login(mario, backend=MODEL_BACKEND)
    before = _pdf(client, adhesion)

    _rename_focal_point(adhesion)

    assert _pdf(client, adhesion) == before


def test_editing_a_focal_point_after_acceptance_leaves_the_verification_page_as_issued(
    client, adhesion
):
    _rename_focal_point(adhesion)

    body = client.get(f"/verificar/{adhesion.verification_code}/").content.decode()

    assert "Renata Lima — Secretária de Planejamento" in body
    assert "Outra Pessoa" not in body


def test_the_verification_page_shows_the_sha256_of_the_issued_pdf(client, adhesion):
    body = client.get(f"/verificar/{adhesion.verification_code}/").content.decode()

    assert f"<code>{adhesion.term_sha256}</code>" in body


def test_issuing_the_term_is_not_a_change_in_the_adhesion_history(adhesion):
    assert [h.history_type for h in adhesion.history.all()] == ["+"]


def test_a_failure_while_drawing_the_term_leaves_the_request_undecided(
    file_adhesion, segem_coordinator, monkeypatch
):
    req = file_adhesion()

    def broken(*args, **kwargs):
        raise RuntimeError("falha simulada")

    monkeypatch.setattr("apoia.programs.terms.render_pdf", broken)
    with pytest.raises(RuntimeError):
        protocol_services.decide(req, accepted=True, by=segem_coordinator)

    req.refresh_from_db()
    assert (req.status, Adhesion.objects.count()) == (Status.RECEIVED, 0)


@pytest.fixture
def adhesion_without_term(ms_ativo, phase_3):
    """An adhesion loaded in bulk (as the demo does), with no stored term."""
    adhesion = Adhesion.objects.create(
        program=ms_ativo,
        phase=phase_3,
        municipality=Municipality.objects.get(ibge=5003702),
        status=AdhesionStatus.ACTIVE,
        since=dt.date(2024, 7, 15),
    )
    FocalPoint.objects.create(
        adhesion=adhesion, name="Joana Dias", role="Secretária de Governo", email="j@d.test"
    )
    return adhesion


def test_an_adhesion_without_a_term_gets_one_the_first_time_it_is_verified(
    client, adhesion_without_term
):
    client.get(f"/verificar/{adhesion_without_term.verification_code}/")

    adhesion_without_term.refresh_from_db()
    assert (
        adhesion_without_term.term_content["focal_points"],
        adhesion_without_term.term_content["since"],
        len(adhesion_without_term.term_sha256),
    ) == ([{"name": "Joana Dias", "role": "Secretária de Governo"}], "2024-07-15", 64)


def test_a_term_issued_late_is_frozen_from_then_on(client, adhesion_without_term):
    client.get(f"/verificar/{adhesion_without_term.verification_code}/")
    fp = adhesion_without_term.focal_points.get()
    fp.name = "Outra Pessoa"
    fp.save()

    body = client.get(f"/verificar/{adhesion_without_term.verification_code}/").content.decode()

    assert ("Joana Dias" in body, "Outra Pessoa" in body) == (True, False)
