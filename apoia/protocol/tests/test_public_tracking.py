"""Public tracking (acompanhar/) and the requester's actions on a tracked request."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apoia.protocol import services
from apoia.protocol.models import EventKind, RefusalReason, ServiceRequest, Status
from apoia.protocol.public_forms import valid_protocol_number
from apoia.protocol.tests.conftest import local

TRACK = "/acompanhar/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def req(submit):
    return submit(received_at=local("2026-11-19T15:30"))


def detail_url(req, action=""):
    name = f"protocol:track_{action}" if action else "protocol:track_detail"
    return reverse(name, args=[req.protocol_slug])


def tracking(client, req):
    """`client` after looking the request up with its number and access code."""
    response = client.post(TRACK, {"protocol": req.protocol, "access_code": req.access_code})
    assert response.status_code == 302
    return client


def wrong_digit(protocol: str) -> str:
    last = int(protocol[-1])
    return f"{protocol[:-1]}{(last + 1) % 10}"


def without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


# --- lookup ------------------------------------------------------------------------------------


def test_the_number_and_code_open_the_tracking_page(client, req):
    response = client.post(TRACK, {"protocol": req.protocol_slug, "access_code": req.access_code})

    assert response.status_code == 302
    assert response["Location"] == detail_url(req)
    assert client.session["tracked_requests"] == [req.protocol]
    page = client.get(detail_url(req))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Recebido" in body
    assert "04/12/2026" in body
    assert req.unit.name in body
    assert "Formação/capacitação" in body


def test_the_code_is_accepted_in_lower_case_and_with_punctuated_numbers(client, req):
    response = client.post(
        TRACK, {"protocol": f"  {req.protocol} ", "access_code": req.access_code.lower()}
    )

    assert response.status_code == 302


def test_a_wrong_check_digit_is_rejected_without_a_lookup(client, req, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(ValidationError) as error:
        valid_protocol_number(wrong_digit(req.protocol))
    assert error.value.messages == ["Número de protocolo inválido: confira os dígitos."]

    response = client.post(
        TRACK, {"protocol": wrong_digit(req.protocol), "access_code": req.access_code}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["protocol"] == [
        "Número de protocolo inválido: confira os dígitos."
    ]
    assert "tracked_requests" not in client.session


def test_a_wrong_code_and_an_unknown_number_get_the_same_404(client, req, submit):
    from apoia.protocol.numbering import format_nup

    unknown = format_nup("50002", 999, 2026)

    wrong_code = client.post(TRACK, {"protocol": req.protocol, "access_code": "ABCDEFGHJK"})
    no_such = client.post(TRACK, {"protocol": unknown, "access_code": req.access_code})

    assert wrong_code.status_code == no_such.status_code == 404
    assert without_tokens(wrong_code.content.decode()) == without_tokens(no_such.content.decode())
    assert "Protocolo ou código não encontrado." in wrong_code.content.decode()
    assert req.protocol not in wrong_code.content.decode()


def test_the_emailed_link_opens_the_page_and_drops_the_code_from_the_address(client, req):
    response = client.get(f"{detail_url(req)}?codigo={req.access_code}")

    assert response.status_code == 302
    assert response["Location"] == detail_url(req)
    assert client.session["tracked_requests"] == [req.protocol]


def test_the_emailed_link_with_a_wrong_code_is_the_same_404(client, req):
    response = client.get(f"{detail_url(req)}?codigo=XXXXXXXXXX")

    assert response.status_code == 404
    assert "Protocolo ou código não encontrado." in response.content.decode()


@time_machine.travel(dt.datetime.fromisoformat("2026-11-19T16:00:15-04:00"), tick=False)
def test_lookups_past_the_rate_get_429(client, req, settings):
    settings.APOIA_TRACKING_RATE = 3
    data = {"protocol": req.protocol, "access_code": "ABCDEFGHJK"}

    statuses = [client.post(TRACK, data).status_code for _ in range(4)]
    right_code = client.post(TRACK, {"protocol": req.protocol, "access_code": req.access_code})
    emailed_link = client.get(f"{detail_url(req)}?codigo={req.access_code}")
    other_address = Client(REMOTE_ADDR="10.0.0.2").post(TRACK, data)

    assert statuses == [404, 404, 404, 429]
    assert right_code.status_code == emailed_link.status_code == 429
    assert right_code["Retry-After"] == emailed_link["Retry-After"] == "45"
    assert "Muitas consultas em pouco tempo." in right_code.content.decode()
    assert other_address.status_code == 404


def test_without_the_code_the_page_sends_to_the_lookup_form(client, req):
    response = client.get(detail_url(req))

    assert response.status_code == 302
    assert response["Location"] == f"{TRACK}?protocolo={req.protocol_slug}"


def test_a_tracked_session_does_not_open_another_requesters_request(client, req, submit):
    other = submit(
        requester=services.RequesterData(
            name="João Souza", email="joao@example.org", document="111.444.777-35"
        ),
        organization=None,
    )
    tracking(client, req)

    response = client.get(detail_url(other))
    reply = client.post(detail_url(other, "reply"), {"text": "Sou eu?"})

    assert response.status_code == 302
    assert "João Souza" not in client.get(detail_url(req)).content.decode()
    assert reply.status_code == 404
    assert other.events.filter(kind=EventKind.REQUESTER_MESSAGE).count() == 0


def test_the_page_never_shows_internal_notes_nor_staff_names(client, req, coordinator):
    services.decide(req, accepted=True, by=coordinator)
    services.post_message(
        req, text="Nota: o presidente é meu primo.", by=coordinator, internal=True
    )
    services.post_message(req, text="Podemos marcar uma reunião?", by=coordinator)

    body = tracking(client, req).get(detail_url(req)).content.decode()

    assert "Podemos marcar uma reunião?" in body
    assert "meu primo" not in body
    assert "Carla" not in body
    assert f"Equipe {req.unit.name}" in body


# --- the requester's actions -------------------------------------------------------------------


def test_a_reply_while_waiting_resumes_the_request(client, req, coordinator, technician):
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto da associação.", by=technician)
    client = tracking(client, req)
    page = client.get(detail_url(req)).content.decode()
    assert "A equipe aguarda sua resposta." in page
    assert "Envie o estatuto da associação." in page

    response = client.post(
        detail_url(req, "reply"),
        {
            "text": "Segue o estatuto.",
            "attachments": [SimpleUploadedFile("estatuto.pdf", PDF)],
        },
    )

    req.refresh_from_db()
    assert response.status_code == 302
    assert req.status == Status.IN_PROGRESS
    assert list(req.events.values_list("kind", flat=True))[-2:] == [
        EventKind.REQUESTER_MESSAGE,
        EventKind.RESUMED,
    ]
    assert req.attachments.get(from_requester=True).original_name == "estatuto.pdf"


def test_an_empty_reply_or_a_bad_file_is_a_400_in_portuguese(client, req):
    client = tracking(client, req)

    empty = client.post(detail_url(req, "reply"), {"text": "  "})
    bad_file = client.post(
        detail_url(req, "reply"),
        {"text": "Anexo", "attachments": [SimpleUploadedFile("nota.pdf", b"MZ\x90\x00" * 10)]},
    )

    assert empty.status_code == bad_file.status_code == 400
    assert empty.context["reply_form"].errors["text"] == [
        "Escreva uma mensagem ou anexe um documento."
    ]
    assert bad_file.context["reply_form"].errors["attachments"] == [
        "nota.pdf não é um tipo aceito (PDF, ODT, DOCX, PNG, JPEG, GIF ou WEBP)."
    ]
    assert req.events.filter(kind=EventKind.REQUESTER_MESSAGE).count() == 0


def concluded(req, coordinator, technician):
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.conclude(req, outcome="Formação realizada em 12/03.", by=technician)
    return req


def test_a_concluded_request_is_rated_once(client, req, coordinator, technician):
    concluded(req, coordinator, technician)
    client = tracking(client, req)

    first = client.post(detail_url(req, "rate"), {"score": "4", "comment": "Muito útil."})
    second = client.post(detail_url(req, "rate"), {"score": "1"})

    req.refresh_from_db()
    assert first.status_code == 302
    assert (req.rating, req.rating_comment) == (4, "Muito útil.")
    assert second.status_code == 400
    assert second.context["rating_form"].non_field_errors() == ["Este atendimento já foi avaliado."]


def test_a_score_outside_one_to_five_is_refused(client, req, coordinator, technician):
    concluded(req, coordinator, technician)

    response = tracking(client, req).post(detail_url(req, "rate"), {"score": "6"})

    assert response.status_code == 400
    assert response.context["rating_form"].errors["score"] == ["A nota vai de 1 a 5."]


def test_reopening_works_within_ten_days(client, req, coordinator, technician):
    concluded(req, coordinator, technician)
    client = tracking(client, req)
    assert "Pedir a reabertura" in client.get(detail_url(req)).content.decode()

    response = client.post(detail_url(req, "reopen"), {"reason": "A formação não ocorreu."})

    req.refresh_from_db()
    assert response.status_code == 302
    assert (req.status, req.reopened_count) == (Status.IN_PROGRESS, 1)


def test_reopening_is_refused_after_ten_days(client, req, coordinator, technician):
    concluded(req, coordinator, technician)
    ServiceRequest.objects.filter(pk=req.pk).update(
        concluded_at=timezone.now() - dt.timedelta(days=11)
    )
    client = tracking(client, req)
    assert "Pedir a reabertura" not in client.get(detail_url(req)).content.decode()

    response = client.post(detail_url(req, "reopen"), {"reason": "A formação não ocorreu."})

    req.refresh_from_db()
    assert response.status_code == 400
    assert response.context["reopen_form"].non_field_errors() == [
        "O prazo de 10 dias para pedir a reabertura terminou."
    ]
    assert req.status == Status.CONCLUDED


def test_a_refusal_shows_its_reason_and_where_to_go_and_is_appealed_once(
    client, req, coordinator, ombudsman_unit
):
    from apoia.catalog.models import Service

    ombudsman_unit.email = "ouvidoria@ms.gov.br"
    ombudsman_unit.save(update_fields=["email"])
    lai = Service.objects.get(slug="acesso-a-informacao")
    services.decide(
        req,
        accepted=False,
        by=coordinator,
        justification="A associação ainda não tem estatuto registrado.",
        reason=RefusalReason.NOT_ELIGIBLE,
        redirect_unit=ombudsman_unit,
        redirect_service=lai,
    )
    client = tracking(client, req)
    page = client.get(detail_url(req)).content.decode()
    assert "Demandante não atende às exigências do serviço" in page
    assert "A associação ainda não tem estatuto registrado." in page
    assert "ouvidoria@ms.gov.br" in page
    assert f'href="{lai.get_absolute_url()}"' in page

    first = client.post(detail_url(req, "appeal"), {"text": "O estatuto foi registrado ontem."})
    req.refresh_from_db()
    assert first.status_code == 302
    assert req.status == Status.APPEALED

    services.decide(
        req,
        accepted=False,
        by=coordinator,
        justification="O registro ainda não aparece no cartório.",
        reason=RefusalReason.NOT_ELIGIBLE,
    )
    second = client.post(detail_url(req, "appeal"), {"text": "Insisto."})
    assert second.status_code == 400
    assert second.context["appeal_form"].non_field_errors() == [
        "O recurso já foi apresentado uma vez."
    ]
    assert req.events.filter(kind=EventKind.APPEALED).count() == 1


def test_actions_need_the_session_to_track_the_request(req, coordinator, technician):
    concluded(req, coordinator, technician)

    response = Client().post(detail_url(req, "rate"), {"score": "5"})

    req.refresh_from_db()
    assert response.status_code == 404
    assert req.rating is None


def test_an_appeal_without_reasons_is_a_400(client, req, coordinator):
    services.decide(
        req,
        accepted=False,
        by=coordinator,
        justification="Fora da competência.",
        reason=RefusalReason.OUT_OF_SCOPE,
    )

    response = tracking(client, req).post(detail_url(req, "appeal"), {"text": ""})

    assert response.status_code == 400
    assert response.context["appeal_form"].errors["text"] == ["Apresente as razões do recurso."]


def test_public_documents_download_from_the_tracking_page_and_internal_ones_never_show(
    client, submit, coordinator
):
    req = submit(attachments=[SimpleUploadedFile("oficio.pdf", PDF)])
    services.post_message(
        req,
        text="Parecer interno.",
        by=coordinator,
        internal=True,
        attachments=[SimpleUploadedFile("parecer-interno.pdf", PDF)],
    )
    public = req.attachments.get(original_name="oficio.pdf")
    internal = req.attachments.get(original_name="parecer-interno.pdf")
    client = tracking(client, req)

    body = client.get(detail_url(req)).content.decode()
    download = client.get(reverse("protocol:attachment", args=[req.protocol_slug, public.pk]))

    assert f'href="{reverse("protocol:attachment", args=[req.protocol_slug, public.pk])}"' in body
    assert "parecer-interno.pdf" not in body
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert (
        client.get(
            reverse("protocol:attachment", args=[req.protocol_slug, internal.pk])
        ).status_code
        == 404
    )


def test_the_menu_links_to_tracking_for_everyone(client, db):
    assert f'href="{TRACK}"' in client.get("/").content.decode()
