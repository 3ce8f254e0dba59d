"""The action forms of a request's staff page: each posts to its own URL and calls a service."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import EventKind, ServiceRequest, Status
from apoia.protocol.queries import public_events


def url(req, action: str) -> str:
    return reverse(f"protocol:{action}", args=[req.protocol_slug])


@pytest.fixture
def accepted(submit, coordinator, technician):
    """A request accepted and assigned to Tiago."""
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    return req


@pytest.fixture
def complaint(seeds):
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no CRAS demorou três horas.",
        requester=services.RequesterData(
            name="Rogério Reclamante", email="rogerio@example.org", document="529.982.247-25"
        ),
    )


# --- decide ----------------------------------------------------------------------------------


def test_refusing_without_justification_is_rejected_in_portuguese(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    response = sign_in(coordinator).post(
        url(req, "decide"),
        {"decide-decision": "refuse", "decide-reason": "", "decide-justification": "  "},
    )

    assert response.status_code == 400
    form = next(a["form"] for a in response.context["actions"] if a["name"] == "decide")
    assert form.errors == {
        "justification": ["A recusa exige uma justificativa por escrito."],
        "reason": ["Escolha o motivo da recusa."],
    }
    assert "A recusa exige uma justificativa por escrito." in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.RECEIVED
    assert req.events.filter(kind=EventKind.REFUSED).count() == 0


def test_a_refusal_emails_the_justification_and_where_to_go(
    seeds, submit, coordinator, sign_in, mailoutbox, django_capture_on_commit_callbacks
):
    req = submit()
    elsewhere = OrgUnit.objects.get(slug="ms-segem")

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(coordinator).post(
            url(req, "decide"),
            {
                "decide-decision": "refuse",
                "decide-reason": "out_of_scope",
                "decide-justification": "O pedido trata do MS Ativo, atendido pela SEGEM.",
                "decide-redirect_unit": elsewhere.pk,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == req.get_absolute_url()
    req.refresh_from_db()
    assert req.status == Status.REFUSED
    assert req.refusal_reason == "out_of_scope"
    assert req.redirect_unit == elsewhere
    [mail] = mailoutbox
    assert mail.to == ["maria@example.org"]
    assert "O pedido trata do MS Ativo, atendido pela SEGEM." in mail.body
    assert "Secretaria-Executiva de Gestão Estratégica e Municipalismo" in mail.body
    assert "Fora da competência da unidade" in mail.body


def test_accepting_with_a_technician_starts_the_first_contact_clock(
    wednesday_2026_03_18, seeds, submit, coordinator, technician, sign_in
):
    req = submit()

    response = sign_in(coordinator).post(
        url(req, "decide"), {"decide-decision": "accept", "decide-assignee": technician.pk}
    )

    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS
    assert req.assignee == technician
    # Two business days after Wednesday 18 March.
    assert req.first_contact_due == dt.date(2026, 3, 20)


def test_only_technicians_of_the_unit_can_be_chosen(seeds, submit, coordinator, sign_in):
    from apoia.accounts.tests.factories import MembershipFactory

    outsider = MembershipFactory(role="technician").user
    req = submit()

    response = sign_in(coordinator).post(
        url(req, "decide"), {"decide-decision": "accept", "decide-assignee": outsider.pk}
    )

    assert response.status_code == 400
    req.refresh_from_db()
    assert req.status == Status.RECEIVED


def test_a_technician_cannot_decide(seeds, accepted, technician, sign_in):
    req = accepted
    response = sign_in(technician).post(
        url(req, "decide"),
        {"decide-decision": "refuse", "decide-reason": "other", "decide-justification": "Não."},
    )

    assert response.status_code == 403
    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS


def test_deciding_twice_explains_why_not(seeds, accepted, coordinator, sign_in):
    response = sign_in(coordinator).post(url(accepted, "decide"), {"decide-decision": "accept"})

    assert response.status_code == 400
    assert (
        "Não é possível fazer isso com um pedido na situação “Em atendimento”."
        in response.content.decode()
    )


def test_the_action_views_only_take_post(seeds, submit, coordinator, sign_in):
    req = submit()

    assert sign_in(coordinator).get(url(req, "decide")).status_code == 405


# --- routing and assignment ------------------------------------------------------------------


def test_rerouting_needs_a_reason_and_moves_the_request(seeds, submit, coordinator, sign_in):
    req = submit()
    segem = OrgUnit.objects.get(slug="ms-segem")
    client = sign_in(coordinator)

    missing = client.post(url(req, "reroute"), {"reroute-unit": segem.pk, "reroute-reason": ""})
    assert missing.status_code == 400
    assert "Explique por que o pedido muda de unidade." in missing.content.decode()

    moved = client.post(
        url(req, "reroute"), {"reroute-unit": segem.pk, "reroute-reason": "Tema do MS Ativo."}
    )
    req.refresh_from_db()
    assert req.unit == segem
    # Carla no longer sees it: back to her queue.
    assert moved["Location"] == reverse("protocol:queue")


def test_reassigning_changes_the_technician(seeds, accepted, coordinator, sign_in):
    response = sign_in(coordinator).post(
        url(accepted, "assign"), {"assign-assignee": coordinator.pk}
    )

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.assignee == coordinator


# --- handling --------------------------------------------------------------------------------


def test_recording_a_contact_sets_the_first_contact_time(seeds, accepted, technician, sign_in):
    response = sign_in(technician).post(
        url(accepted, "contact"),
        {"contact-channel": "phone", "contact-summary": "Liguei e combinei a data da oficina."},
    )

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.first_contact_at is not None
    event = accepted.events.get(kind=EventKind.CONTACT)
    assert (event.text, event.data["channel"], event.actor) == (
        "Liguei e combinei a data da oficina.",
        "phone",
        technician,
    )


def test_a_contact_without_a_channel_is_rejected(seeds, accepted, technician, sign_in):
    response = sign_in(technician).post(
        url(accepted, "contact"), {"contact-channel": "", "contact-summary": "Liguei."}
    )

    assert response.status_code == 400
    assert "Escolha como foi o contato." in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.first_contact_at is None


def test_an_internal_note_stays_out_of_the_public_timeline_and_mailbox(
    seeds, accepted, technician, sign_in, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(technician).post(
            url(accepted, "message"),
            {"message-text": "Verificar pendências no CNPJ.", "message-internal": "on"},
        )

    note = accepted.events.get(kind=EventKind.NOTE)
    assert note.is_internal
    assert note not in public_events(accepted)
    assert mailoutbox == []


def test_a_message_to_the_requester_is_public_and_emailed_with_its_file(
    seeds,
    accepted,
    technician,
    sign_in,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("roteiro.pdf", b"%PDF-1.4 roteiro", "application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(technician).post(
            url(accepted, "message"),
            {"message-text": "Segue o roteiro da oficina.", "message-attachments": [upload]},
        )

    assert response.status_code == 302
    message = accepted.events.get(kind=EventKind.MESSAGE)
    assert message in public_events(accepted)
    assert [a.original_name for a in message.attachments.all()] == ["roteiro.pdf"]
    assert [m.to for m in mailoutbox] == [["maria@example.org"]]
    assert "Segue o roteiro da oficina." in mailoutbox[0].body


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
    seeds, accepted, technician, sign_in
):
    upload = SimpleUploadedFile("script.exe", b"MZ\x90\x00binary", "application/pdf")

    response = sign_in(technician).post(
        url(accepted, "message"),
        {"message-text": "Segue o arquivo.", "message-attachments": [upload]},
    )

    assert response.status_code == 400
    assert "script.exe não é um tipo aceito" in response.content.decode()
    assert accepted.events.filter(kind=EventKind.MESSAGE).count() == 0


def test_extending_an_ombudsman_deadline_adds_thirty_days_once(
    wednesday_2026_03_18, seeds, complaint, ombudsman, sign_in
):
    assert complaint.due_date == dt.date(2026, 4, 17)
    client = sign_in(ombudsman)

    first = client.post(
        url(complaint, "extend"),
        {"extend-justification": "A unidade reclamada pediu mais prazo para apurar."},
    )
    complaint.refresh_from_db()
    # 17 April + 30 days is Sunday 17 May: the due date moves to the next business day.
    expected = dt.date(2026, 5, 18)
    assert first.status_code == 302
    assert complaint.due_date == expected
    assert complaint.extended

    second = client.post(
        url(complaint, "extend"), {"extend-justification": "Ainda não terminamos."}
    )
    assert second.status_code == 400
    assert "O prazo já foi prorrogado uma vez." in second.content.decode()
    complaint.refresh_from_db()
    assert complaint.due_date == expected


def test_the_extension_form_is_gone_once_used(seeds, complaint, ombudsman, sign_in):
    services.extend_deadline(complaint, justification="Apuração em curso.", by=ombudsman)

    response = sign_in(ombudsman).get(complaint.get_absolute_url())

    assert "extend" not in [a["name"] for a in response.context["actions"]]


def test_waiting_then_resuming_gives_back_the_paused_business_days(
    wednesday_2026_03_18, seeds, accepted, technician, sign_in
):
    Service.objects.filter(pk=accepted.service_id).update(pauses_clock_when_waiting=True)
    client = sign_in(technician)

    client.post(url(accepted, "wait"), {"wait-message": "Envie a ata de fundação."})
    accepted.refresh_from_db()
    assert accepted.status == Status.WAITING_REQUESTER
    assert accepted.paused_since == dt.date(2026, 3, 18)
    assert accepted.due_date == dt.date(2026, 4, 1)

    # A week ago, as if the requester had taken that long.
    ServiceRequest.objects.filter(pk=accepted.pk).update(paused_since=dt.date(2026, 3, 11))
    response = client.post(url(accepted, "resume"))

    assert response.status_code == 302
    accepted.refresh_from_db()
    # Given back: 12, 13, 16, 17 and 18 March; 3 April, Good Friday, is skipped.
    assert accepted.due_date == dt.date(2026, 4, 9)
    assert accepted.status == Status.IN_PROGRESS
    assert accepted.paused_since is None


def test_concluding_needs_an_outcome(seeds, accepted, technician, sign_in):
    client = sign_in(technician)

    empty = client.post(url(accepted, "conclude"), {"conclude-outcome": ""})
    assert empty.status_code == 400
    assert "Resuma o resultado do atendimento." in empty.content.decode()

    done = client.post(url(accepted, "conclude"), {"conclude-outcome": "Oficina realizada."})
    assert done.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.status, accepted.outcome) == (Status.CONCLUDED, "Oficina realizada.")


def test_a_success_message_follows_the_redirect(seeds, accepted, technician, sign_in):
    response = sign_in(technician).post(
        url(accepted, "conclude"), {"conclude-outcome": "Oficina realizada."}, follow=True
    )

    assert "Pedido concluído." in response.content.decode()
