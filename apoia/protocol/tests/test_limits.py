"""Every free-text field has a maximum length, enforced once, by the services, and shown by the
forms; attachments are limited in number and in total size."""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.models import OrgUnit
from apoia.catalog.models import Service
from apoia.protocol import limits, services
from apoia.protocol.models import Attachment, ServiceRequest, Status

MB = 1024 * 1024
PDF_HEAD = b"%PDF-1.4\n"


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path


def too_long(limit: int) -> tuple[str, str]:
    """A text one character over `limit`, and the message every surface answers for it."""
    shown, count = f"{limit:,}".replace(",", "."), f"{limit + 1:,}".replace(",", ".")
    return "x" * (limit + 1), f"Use no máximo {shown} caracteres (o texto tem {count})."


def pdf(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_HEAD + b"0" * (size - len(PDF_HEAD)), "application/pdf")


# --- the numbers ----------------------------------------------------------------------------------


def test_the_limits_are_the_ones_the_issue_asks_for():
    assert (
        limits.SUBJECT,
        limits.DESCRIPTION,
        limits.SUGGESTED_DATES,
        limits.SUGGESTED_AGENDA,
        limits.TEXT,
        limits.NAME,
        limits.FILE_BYTES,
        limits.ATTACHMENTS_BYTES,
        limits.FILES,
    ) == (200, 10_000, 300, 5_000, 10_000, 150, 10 * MB, 25 * MB, 10)


def test_the_database_columns_are_as_wide_as_the_limits():
    field = ServiceRequest._meta.get_field
    assert [
        field(name).max_length
        for name in ("subject", "suggested_dates", "requester_name", "organization_name")
    ] == [200, 300, 150, 200]


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it():
    assert limits.text_length("a\r\nb\nc") == 5


# --- the submission -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit", "override"),
    [
        ("subject", limits.SUBJECT, lambda text: {"subject": text}),
        ("description", limits.DESCRIPTION, lambda text: {"description": text}),
        ("suggested_dates", limits.SUGGESTED_DATES, lambda text: {"suggested_dates": text}),
        ("suggested_agenda", limits.SUGGESTED_AGENDA, lambda text: {"suggested_agenda": text}),
        ("address", limits.ADDRESS, lambda text: {"address": text}),
        (
            "requester.name",
            limits.NAME,
            lambda text: {
                "requester": services.RequesterData(
                    name=text, email="maria@example.org", document="529.982.247-25"
                )
            },
        ),
        (
            "requester.phone",
            limits.PHONE,
            lambda text: {
                "requester": services.RequesterData(
                    name="Maria", email="maria@example.org", document="52998224725", phone=text
                )
            },
        ),
        (
            "organization.name",
            limits.ORGANIZATION_NAME,
            lambda text: {"organization": services.OrganizationData(name=text)},
        ),
    ],
)
def test_a_submission_text_over_its_limit_is_refused_naming_the_field(
    submit, field, limit, override
):
    text, message = too_long(limit)

    with pytest.raises(ValidationError) as caught:
        submit(**override(text))

    assert caught.value.message_dict[field] == [message]
    assert not ServiceRequest.objects.exists()


def test_texts_exactly_at_their_limits_are_filed(submit):
    req = submit(
        subject="s" * 200,
        description="d" * 10_000,
        suggested_dates="t" * 300,
        suggested_agenda="a" * 5_000,
    )

    assert (
        len(req.subject),
        len(req.description),
        len(req.suggested_dates),
        len(req.suggested_agenda),
    ) == (200, 10_000, 300, 5_000)


def test_line_breaks_sent_by_a_browser_do_not_push_a_text_over_its_limit(submit):
    # 3,333 lines of "ab" joined by "\r\n": 13,330 characters sent, 9,998 as typed.
    description = "\r\n".join(["ab"] * 3_333)

    req = submit(description=description)

    assert req.pk is not None


# --- the actions ----------------------------------------------------------------------------------


def _accepted(req, admin):
    services.decide(req, accepted=True, by=admin)
    return req


def _refused(req, admin):
    services.decide(req, accepted=False, by=admin, justification="Fora.", reason="other")
    return req


def _concluded(req, admin):
    _accepted(req, admin)
    services.conclude(req, outcome="Formação realizada.", by=admin)
    return req


def _other_unit(req):
    return OrgUnit.objects.filter(state_id=req.state_id).exclude(pk=req.unit_id).first()


ACTIONS = [
    (
        "reroute",
        lambda req, admin: req,
        lambda req, admin, text: services.reroute(
            req, unit=_other_unit(req), reason=text, by=admin
        ),
        "reason",
        limits.TEXT,
    ),
    (
        "refuse",
        lambda req, admin: req,
        lambda req, admin, text: services.decide(
            req, accepted=False, by=admin, justification=text, reason="other"
        ),
        "justification",
        limits.TEXT,
    ),
    (
        "accept",
        lambda req, admin: req,
        lambda req, admin, text: services.decide(req, accepted=True, by=admin, justification=text),
        "justification",
        limits.TEXT,
    ),
    (
        "contact",
        _accepted,
        lambda req, admin, text: services.record_contact(
            req, channel="phone", summary=text, by=admin
        ),
        "summary",
        limits.TEXT,
    ),
    (
        "message",
        _accepted,
        lambda req, admin, text: services.post_message(req, text=text, by=admin),
        "text",
        limits.TEXT,
    ),
    (
        "internal note",
        _accepted,
        lambda req, admin, text: services.post_message(req, text=text, by=admin, internal=True),
        "text",
        limits.TEXT,
    ),
    (
        "wait",
        _accepted,
        lambda req, admin, text: services.wait_for_requester(req, message=text, by=admin),
        "message",
        limits.TEXT,
    ),
    (
        "conclude",
        _accepted,
        lambda req, admin, text: services.conclude(req, outcome=text, by=admin),
        "outcome",
        limits.TEXT,
    ),
    (
        "reply",
        lambda req, admin: req,
        lambda req, admin, text: services.requester_reply(req, text=text, holds_code=True),
        "text",
        limits.TEXT,
    ),
    (
        "rate",
        _concluded,
        lambda req, admin, text: services.rate(req, score=5, comment=text, holds_code=True),
        "comment",
        limits.COMMENT,
    ),
    (
        "reopen",
        _concluded,
        lambda req, admin, text: services.reopen(req, reason=text, holds_code=True),
        "reason",
        limits.TEXT,
    ),
    (
        "appeal",
        _refused,
        lambda req, admin, text: services.appeal(req, text=text, holds_code=True),
        "text",
        limits.TEXT,
    ),
]


@pytest.mark.parametrize(
    ("prepare", "act", "field", "limit"), [a[1:] for a in ACTIONS], ids=[a[0] for a in ACTIONS]
)
def test_an_action_text_over_its_limit_is_refused_and_changes_nothing(
    submit, admin_user, prepare, act, field, limit
):
    req = prepare(submit(), admin_user)
    before = (req.status, req.unit_id, req.events.count())
    text, message = too_long(limit)

    with pytest.raises(ValidationError) as caught:
        act(req, admin_user, text)

    assert caught.value.message_dict == {field: [message]}
    req = ServiceRequest.objects.get(pk=req.pk)
    assert (req.status, req.unit_id, req.events.count()) == before


def test_an_extension_justification_over_its_limit_is_refused(seeds, admin_user, campo_grande):
    lai = Service.objects.get(slug="acesso-a-informacao")
    req = services.submit_request(
        service=lai,
        description="Peço os contratos de 2025 da secretaria.",
        requester=services.RequesterData(
            name="Maria", email="maria@example.org", document="529.982.247-25"
        ),
    )
    text, message = too_long(limits.TEXT)

    with pytest.raises(ValidationError) as caught:
        services.extend_deadline(req, justification=text, by=admin_user)

    assert caught.value.message_dict == {"justification": [message]}
    assert not ServiceRequest.objects.get(pk=req.pk).extended


def test_an_action_text_at_its_limit_is_recorded(submit, admin_user):
    req = _accepted(submit(), admin_user)

    event = services.post_message(req, text="m" * 10_000, by=admin_user)

    assert len(event.text) == 10_000


# --- attachments ----------------------------------------------------------------------------------


def test_25_mb_of_attachments_in_one_submission_are_filed(submit):
    files = [pdf("a.pdf", 10 * MB), pdf("b.pdf", 10 * MB), pdf("c.pdf", 5 * MB)]

    req = submit(attachments=files)

    assert sum(a.size for a in req.attachments.all()) == 25 * MB


def test_more_than_25_mb_of_attachments_in_one_submission_are_refused(submit):
    files = [pdf("a.pdf", 10 * MB), pdf("b.pdf", 10 * MB), pdf("c.pdf", 5 * MB + 1)]

    with pytest.raises(ValidationError) as caught:
        submit(attachments=files)

    assert caught.value.message_dict["attachments"] == [
        "Os arquivos somam mais de 25 MB; envie no máximo 25 MB de cada vez."
    ]
    assert not ServiceRequest.objects.exists()
    assert not Attachment.objects.exists()


def test_more_than_ten_files_at_once_are_refused_by_the_service(submit):
    with pytest.raises(ValidationError) as caught:
        submit(attachments=[pdf(f"{i}.pdf", 100) for i in range(11)])

    assert caught.value.message_dict["attachments"] == ["Envie no máximo 10 arquivos de cada vez."]


def test_a_staff_message_and_a_requester_reply_are_limited_to_25_mb_too(submit, admin_user):
    req = _accepted(submit(), admin_user)
    files = [pdf("a.pdf", 10 * MB), pdf("b.pdf", 10 * MB), pdf("c.pdf", 5 * MB + 1)]

    with pytest.raises(ValidationError) as staff:
        services.post_message(req, text="Segue.", by=admin_user, attachments=files)
    with pytest.raises(ValidationError) as requester:
        services.requester_reply(req, text="Segue.", attachments=files, holds_code=True)

    message = "Os arquivos somam mais de 25 MB; envie no máximo 25 MB de cada vez."
    assert staff.value.message_dict["attachments"] == [message]
    assert requester.value.message_dict["attachments"] == [message]
    assert not Attachment.objects.exists()


def test_the_api_files_25_mb_of_attachments_and_refuses_more(client, seeds):
    payload = json.dumps(
        {
            "service": "orientacao-associacoes-comunitarias",
            "option": "formacao-capacitacao",
            "municipality": 5002704,
            "requester": {
                "name": "Maria da Silva",
                "email": "maria@example.org",
                "document": "529.982.247-25",
            },
            "description": "Pedimos uma formação para a diretoria da associação.",
        }
    )

    def send(last_size):
        files = [pdf("a.pdf", 10 * MB), pdf("b.pdf", 10 * MB), pdf("c.pdf", last_size)]
        return client.post("/api/v1/requests", {"payload": payload, "attachments": files})

    accepted, refused = send(5 * MB), send(5 * MB + 1)

    assert accepted.status_code == 201
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "attachments",
            "message": "Os arquivos somam mais de 25 MB; envie no máximo 25 MB de cada vez.",
        }
    ]
    assert ServiceRequest.objects.count() == 1


# --- the forms show the limits --------------------------------------------------------------------

SUBMIT_URL = "/servicos/orientacao-associacoes-comunitarias/solicitar/"


def test_the_submission_form_shows_each_limit_and_a_counter_for_free_text(client, seeds):
    page = client.get(SUBMIT_URL).content.decode()

    assert 'maxlength="10000"' in page  # description
    assert 'maxlength="300"' in page  # suggested dates
    assert 'maxlength="5000"' in page  # suggested agenda
    assert 'maxlength="150"' in page  # name
    assert (
        '<p class="apoia-help-text apoia-counter text-right" id="id_description_counter" '
        'data-counter-for="id_description"><span class="apoia-counter-value">0</span> / '
        "10.000 caracteres</p>"
    ) in page
    assert 'data-counter-for="id_suggested_agenda"' in page
    assert 'data-counter-for="id_name"' not in page  # identity fields: a limit, no counter
    assert "/static/apoia/counter.js" in page


def test_the_counter_starts_from_what_was_typed_when_the_form_comes_back(client, seeds):
    page = client.post(SUBMIT_URL, {"suggested_dates": "10 a 14/03"}).content.decode()

    assert (
        'data-counter-for="id_suggested_dates"><span class="apoia-counter-value">10</span> / '
        "300 caracteres"
    ) in page


def test_a_description_over_the_limit_comes_back_as_a_form_error_keeping_the_text(client, seeds):
    from apoia.territory.models import Municipality

    text, message = too_long(limits.DESCRIPTION)
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    data = {
        "option": service.options.get(slug="formacao-capacitacao").pk,
        "name": "Maria da Silva",
        "email": "maria@example.org",
        "document": "529.982.247-25",
        "municipality": Municipality.objects.get(ibge=5002704).pk,
        "description": text,
    }

    response = client.post(SUBMIT_URL, data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["description"] == [message]
    assert form["description"].value() == text
    assert not ServiceRequest.objects.exists()


def test_a_reply_over_the_limit_on_the_tracking_page_is_a_form_error(client, submit):
    req = submit()
    session = client.session
    session["tracked_requests"] = [req.protocol]
    session.save()
    text, message = too_long(limits.TEXT)

    response = client.post(f"/acompanhar/{req.protocol_slug}/responder/", {"text": text})

    assert response.status_code == 400
    assert response.context["reply_form"].errors["text"] == [message]
    assert req.events.count() == ServiceRequest.objects.get(pk=req.pk).events.count()


def test_the_staff_page_shows_the_limit_and_counter_of_each_action_text(admin_client, submit):
    req = submit()

    page = admin_client.get(f"/protocolo/{req.protocol_slug}/").content.decode()

    assert 'data-counter-for="id_decide-justification"' in page
    assert 'data-counter-for="id_reroute-reason"' in page
    assert 'maxlength="10000"' in page


def test_a_staff_action_text_over_the_limit_comes_back_as_a_form_error(admin_client, submit):
    req = submit()
    text, message = too_long(limits.TEXT)

    response = admin_client.post(
        f"/protocolo/{req.protocol_slug}/decidir/",
        {"decide-decision": "refuse", "decide-justification": text, "decide-reason": "other"},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ServiceRequest.objects.get(pk=req.pk).status == Status.RECEIVED
