"""Every state change of a request: one function per transition, each writing a timeline event
and scheduling its notifications after commit. The actor is always keyword-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from validate_docbr import CNPJ, CPF

from apoia.accounts.models import Organization, OrgUnit, Role, normalize_document
from apoia.catalog.models import Service, ServiceOption
from apoia.protocol import limits, notifications, rules
from apoia.protocol.files import inspect_upload
from apoia.protocol.models import (
    Attachment,
    Channel,
    ContactChannel,
    EventKind,
    ProtocolSequence,
    RefusalReason,
    ServiceRequest,
    Status,
    TimelineEvent,
)
from apoia.protocol.numbering import format_protocol
from apoia.protocol.routing import route
from apoia.protocol.rules import REOPEN_WINDOW_DAYS, NotPermitted, TransitionError, Verb, require
from apoia.territory.calendar import (
    BusinessCalendar,
    business_days_between,
    compute_deadline,
    next_business_day,
)
from apoia.territory.models import DeadlineUnit, Municipality

__all__ = ["NotPermitted", "REOPEN_WINDOW_DAYS", "TransitionError"]


def _record(message: str) -> str:
    """Timeline text is a record read by everyone: written in the site's language, not in the
    language of whoever triggered the transition (validation errors do follow the user)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


@dataclass
class RequesterData:
    name: str = ""
    email: str = ""
    document: str = ""
    phone: str = ""


@dataclass
class OrganizationData:
    name: str = ""
    cnpj: str = ""


# --- numbers and calendars -------------------------------------------------------------------


def allocate_sequence(unit_code: str, year: int) -> int:
    """The next sequence of a unit code in a year; call inside the request's transaction.

    The UPDATE locks the row until commit, so concurrent submissions queue on it (PostgreSQL);
    SQLite serializes writers with BEGIN IMMEDIATE. A first submission of the year creates the
    row in a savepoint and falls back to the UPDATE when another one got there first.
    """
    rows = ProtocolSequence.objects.filter(unit_code=unit_code, year=year)
    if not rows.update(last_value=F("last_value") + 1):
        try:
            with transaction.atomic():
                ProtocolSequence.objects.create(unit_code=unit_code, year=year, last_value=1)
            return 1
        except IntegrityError:
            rows.update(last_value=F("last_value") + 1)
    return rows.values_list("last_value", flat=True).get()


def protocol_unit_code(unit: OrgUnit | None) -> str:
    return (
        unit.protocol_code if unit and unit.protocol_code else ""
    ) or settings.APOIA_PROTOCOL_UNIT


def calendar_for(req: ServiceRequest) -> BusinessCalendar:
    municipality = req.municipality
    in_state = municipality is not None and municipality.state_id == req.state_id
    return BusinessCalendar(req.state.uf, municipality.ibge if in_state else None)


def due_soon_limit(uf: str, today: dt.date) -> dt.date:
    """Requests due on or before this date are "due soon" (≤ 2 business days from today)."""
    return compute_deadline(today, 2, DeadlineUnit.BUSINESS_DAYS, uf=uf).due


def deadline_state(req: ServiceRequest, today: dt.date, limit: dt.date) -> str:
    if not req.is_open:
        return ""
    if req.due_date < today:
        return "late"
    return "due_soon" if req.due_date <= limit else "on_time"


# --- timeline --------------------------------------------------------------------------------


def _event(
    req, kind, *, by=None, text="", internal=False, label="", at=None, **data
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        request=req,
        at=at or timezone.now(),
        kind=kind,
        actor=by if by is not None and by.is_authenticated else None,
        actor_label=label,
        text=text,
        is_internal=internal,
        data=data,
    )


def _inspect(upload) -> tuple[str, int, str]:
    """`inspect_upload`, once per file: the submission sniffs and hashes its files while
    validating, before its write transaction, and must not do it again holding the lock."""
    found = getattr(upload, "_apoia_inspection", None)
    if found is None:
        found = upload._apoia_inspection = inspect_upload(upload)
    return found


def _save_attachments(
    req, uploads, *, event, by=None, from_requester=False, internal=False, stored=None
):
    """`stored`, when given, collects each attachment as soon as its file is written, so a
    caller can remove the files again if its transaction rolls back."""
    for upload in uploads:
        content_type, size, digest = _inspect(upload)
        attachment = Attachment.objects.create(
            request=req,
            event=event,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=size,
            sha256=digest,
            uploaded_by=by if by is not None and by.is_authenticated else None,
            from_requester=from_requester,
            is_internal=internal,
        )
        if stored is not None:
            stored.append(attachment)


def _check_uploads(uploads, field="attachments") -> dict:
    """Each file's size and type, and the files together: at most limits.FILES of them and
    limits.ATTACHMENTS_BYTES in all (72 MB went through in one submission before)."""
    errors = []
    uploads = list(uploads)
    if len(uploads) > limits.FILES:
        errors.append(
            _("Envie no máximo %(count)s arquivos de cada vez.") % {"count": limits.FILES}
        )
    for upload in uploads:
        try:
            _inspect(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if sum(upload.size for upload in uploads) > limits.ATTACHMENTS_BYTES:
        errors.append(
            _("Os arquivos somam mais de %(size)s MB; envie no máximo %(size)s MB de cada vez.")
            % {"size": limits.ATTACHMENTS_BYTES // limits.MB}
        )
    return {field: errors} if errors else {}


# --- submission ------------------------------------------------------------------------------


def _validate_document(document: str) -> str | None:
    digits = normalize_document(document)
    if len(digits) == 11 and CPF().validate(digits):
        return digits
    if len(digits) == 14 and CNPJ().validate(digits):
        return digits
    return None


def _represented(user) -> list[Organization]:
    """The organizations `user` represents: an ORGANIZATION membership of an active account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return [
        m.organization
        for m in user.active_memberships
        if m.role == Role.ORGANIZATION and m.organization_id
    ]


def _default_municipality(user, service: Service) -> Municipality | None:
    """The filer's own town, when the request does not name one.

    Not for ombudsman and LAI requests: their requester's memberships are part of who they
    are, and a town taken from them would put the manifestation in colleagues' view."""
    if user is None or not user.is_authenticated or service.kind in rules.OMBUDSMAN_KINDS:
        return None
    for membership in user.active_memberships:
        if membership.role == Role.MUNICIPAL and membership.municipality_id:
            return membership.municipality
        if membership.role == Role.ORGANIZATION and membership.organization_id:
            return membership.organization.municipality
    return None


def _default_organization(user, service: Service) -> Organization | None:
    """The organization a representative files for when they type none (not ombudsman or
    LAI: a complaint is the person's, not their organization's)."""
    if service.kind in rules.OMBUDSMAN_KINDS:
        return None
    represented = _represented(user)
    return represented[0] if represented else None


def validate_submission(
    *,
    service: Service,
    option: ServiceOption | None,
    user,
    requester: RequesterData | None,
    organization: OrganizationData | None,
    municipality: Municipality | None,
    description: str,
    anonymous: bool,
    attachments,
    subject: str = "",
    suggested_dates: str = "",
    suggested_agenda: str = "",
    address: str = "",
) -> dict[str, list[str]]:
    """Every problem of a submission at once, keyed by field path (e.g. "requester.email")."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    authenticated = user is not None and user.is_authenticated
    if not service.is_published:
        add("service", _("Serviço indisponível."))
    options = list(service.options.all())
    if options and option is None:
        add("option", _("Escolha uma das opções do serviço."))
    if option is not None and option.service_id != service.pk:
        add("option", _("Esta opção não pertence ao serviço escolhido."))
    if anonymous and not service.allows_anonymous:
        add("anonymous", _("Este serviço não aceita pedidos anônimos."))
    if not authenticated and not anonymous and not service.allows_public_submission:
        add("requester", _("Entre com sua conta para pedir este serviço."))
    if not authenticated and not anonymous:
        data = requester or RequesterData()
        if not data.name.strip():
            add("requester.name", _("Informe seu nome."))
        if not data.email.strip():
            add("requester.email", _("Informe seu e-mail."))
        else:
            from django.core.validators import validate_email

            try:
                validate_email(data.email.strip())
            except ValidationError:
                add("requester.email", _("E-mail inválido."))
        if not data.document.strip():
            add("requester.document", _("Informe seu CPF ou o CNPJ da organização."))
        elif _validate_document(data.document) is None:
            add("requester.document", _("CPF ou CNPJ inválido."))
    if organization and (organization.name.strip() or organization.cnpj.strip()):
        if not organization.name.strip():
            add("organization.name", _("Informe o nome da organização."))
        cnpj = normalize_document(organization.cnpj)
        if cnpj and not (len(cnpj) == 14 and CNPJ().validate(cnpj)):
            add("organization.cnpj", _("CNPJ inválido."))
    if not (description or "").strip():
        add("description", _("Descreva o pedido."))
    elif len(description.strip()) < 10:
        add("description", _("Descreva o pedido com pelo menos 10 caracteres."))
    person, org = requester or RequesterData(), organization or OrganizationData()
    too_long = limits.length_errors(
        {
            "subject": (subject, limits.SUBJECT),
            "description": (description, limits.DESCRIPTION),
            "suggested_dates": (suggested_dates, limits.SUGGESTED_DATES),
            "suggested_agenda": (suggested_agenda, limits.SUGGESTED_AGENDA),
            "address": (address, limits.ADDRESS),
            "requester.name": (person.name, limits.NAME),
            "requester.email": (person.email, limits.EMAIL),
            "requester.document": (person.document, limits.DOCUMENT),
            "requester.phone": (person.phone, limits.PHONE),
            "organization.name": (org.name, limits.ORGANIZATION_NAME),
            "organization.cnpj": (org.cnpj, limits.DOCUMENT),
        }
    )
    for field, messages in too_long.items():
        for message in messages:
            add(field, message)
    for field, messages in _check_uploads(attachments).items():
        for message in messages:
            add(field, message)
    return errors


def _organization_for(
    data: OrganizationData | None, user, service: Service
) -> tuple[Organization | None, str, str]:
    """(linked organization, typed name, typed CNPJ) of a submission.

    A request links to an organization only when the filer represents it: typing a CNPJ is
    no proof of anything, and the link shows the requester to the organization's people.
    Whatever else was typed is kept on the request as text; nothing is created."""
    name = data.name.strip() if data else ""
    cnpj = normalize_document(data.cnpj) if data else ""
    if not (name or cnpj):
        return _default_organization(user, service), "", ""
    for org in _represented(user):
        if cnpj and org.cnpj == cnpj:
            return org, "", ""
    return None, name, cnpj


def submit_request(
    *,
    service: Service,
    description: str,
    option: ServiceOption | None = None,
    by=None,
    requester: RequesterData | None = None,
    organization: OrganizationData | None = None,
    municipality: Municipality | None = None,
    subject: str = "",
    suggested_dates: str = "",
    suggested_agenda: str = "",
    anonymous: bool = False,
    attachments=(),
    channel: str = Channel.WEB,
    received_at: dt.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    on_filed=None,
) -> ServiceRequest:
    """File a request: protocol number, deadline, routing, receipt. All or nothing.

    `on_filed(req)`, when given, runs inside the write transaction once the request is saved:
    what must be written with the request or not at all (the API's idempotency key).

    Everything that only reads (validation, sniffing the files, routing, the calendar) runs
    before the write transaction opens: on SQLite that transaction holds the database's one
    write lock, so it must cover only the numbering and the inserts.

    An anonymous manifestation keeps nothing of who filed it, even when an account or a token
    did: no requester account, no actor on its events or files, no organization, no
    municipality from the filer's memberships. A municipality the filer chose is kept: it says
    where the facts happened, which the ombudsman needs, and its holidays count in the deadline.
    """
    errors = validate_submission(
        service=service,
        option=option,
        user=by,
        requester=requester,
        organization=organization,
        municipality=municipality,
        description=description,
        anonymous=anonymous,
        attachments=attachments,
        subject=subject,
        suggested_dates=suggested_dates,
        suggested_agenda=suggested_agenda,
        address=address,
    )
    if errors:
        raise ValidationError(errors)

    filer = by if by is not None and by.is_authenticated else None
    if anonymous:
        filer = None
        org, org_name, org_cnpj = None, "", ""
        name, email, document, phone = "", "", "", ""
    else:
        org, org_name, org_cnpj = _organization_for(organization, filer, service)
        municipality = (
            municipality
            or (org.municipality if org else None)
            or _default_municipality(filer, service)
        )
        if filer is not None:
            name, email, phone = filer.full_name, filer.email, filer.phone
            document = _validate_document((requester or RequesterData()).document) or ""
        else:
            name, email = requester.name.strip(), requester.email.strip().lower()
            document, phone = _validate_document(requester.document) or "", requester.phone.strip()
    received_at = received_at or timezone.now()
    unit = route(service, option)

    req = ServiceRequest(
        service=service,
        option=option,
        channel=channel,
        requester=filer,
        requester_name=name,
        requester_email=email,
        requester_document=document,
        requester_phone=phone,
        is_anonymous=anonymous,
        organization=org,
        organization_name=org_name,
        organization_cnpj=org_cnpj,
        municipality=municipality,
        state_id=service.state_id,
        subject=subject.strip(),
        description=description.strip(),
        suggested_dates=suggested_dates.strip(),
        suggested_agenda=suggested_agenda.strip(),
        latitude=latitude,
        longitude=longitude,
        address=address.strip(),
        unit=unit,
        received_at=received_at,
    )
    deadline = compute_deadline(
        received_at,
        service.deadline_amount,
        service.deadline_unit,
        uf=service.state.uf,
        calendar=calendar_for(req),
    )
    req.due_date = req.original_due_date = deadline.due
    unit_code = protocol_unit_code(unit)
    year = timezone.localtime(received_at).year

    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            req.protocol = format_protocol(unit_code, allocate_sequence(unit_code, year), year)
            req.save()
            event = _event(
                req,
                EventKind.SUBMITTED,
                at=received_at,
                by=filer,
                label=_record("Demandante"),
                text=_record("Pedido recebido. Prazo de resposta: %(due)s.")
                % {"due": deadline.due.strftime("%d/%m/%Y")},
                due=deadline.due.isoformat(),
                channel=channel,
            )
            _save_attachments(
                req, attachments, event=event, by=filer, from_requester=True, stored=stored
            )
            if unit is not None:
                _event(
                    req,
                    EventKind.ROUTED,
                    at=received_at,
                    text=_record("Encaminhado a %(unit)s.") % {"unit": unit.name},
                    unit=unit.pk,
                )
            if on_filed is not None:
                on_filed(req)
            transaction.on_commit(lambda: notifications.request_received(req.pk))
    except BaseException:
        # The rows went with the transaction; the files written meanwhile must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return req


# --- triage and decision ---------------------------------------------------------------------


def _assignee_outside_unit() -> str:
    return _("Escolha um técnico ou coordenador da unidade do pedido ou de suas subunidades.")


@transaction.atomic
def reroute(req: ServiceRequest, *, unit: OrgUnit, reason: str, by) -> ServiceRequest:
    """Send the request to another unit's queue of the same state; a reason is required."""
    require(by, req, Verb.REROUTE)
    errors = {}
    if not reason.strip():
        errors["reason"] = [_("Explique por que o pedido muda de unidade.")]
    if unit.pk == req.unit_id:
        errors["unit"] = [_("O pedido já está nesta unidade.")]
    elif not rules.reroute_targets(req).filter(pk=unit.pk).exists():
        errors["unit"] = [_("Escolha uma unidade do mesmo estado do pedido.")]
    errors |= limits.length_errors({"reason": (reason, limits.TEXT)})
    if errors:
        raise ValidationError(errors)
    previous = req.unit
    req.unit, req.assignee = unit, None
    req.save(update_fields=["unit", "assignee", "updated_at"])
    _event(
        req,
        EventKind.REROUTED,
        by=by,
        text=_record("Redirecionado de %(old)s para %(new)s. Motivo: %(reason)s")
        % {"old": previous.name if previous else "—", "new": unit.name, "reason": reason.strip()},
        old_unit=previous.pk if previous else None,
        new_unit=unit.pk,
    )
    transaction.on_commit(lambda: notifications.request_rerouted(req.pk))
    return req


@transaction.atomic
def decide(
    req: ServiceRequest,
    *,
    accepted: bool,
    by,
    justification: str = "",
    reason: str = "",
    redirect_unit: OrgUnit | None = None,
    redirect_service: Service | None = None,
    assignee=None,
) -> ServiceRequest:
    """Accept (optionally assigning a technician) or refuse with a written justification."""
    require(by, req, Verb.DECIDE)
    errors = {}
    if not accepted:
        if not justification.strip():
            errors["justification"] = [_("A recusa exige uma justificativa por escrito.")]
        if reason not in RefusalReason.values:
            errors["reason"] = [_("Escolha o motivo da recusa.")]
        if (
            redirect_unit is not None
            and not rules.redirect_units(req).filter(pk=redirect_unit.pk).exists()
        ):
            errors["redirect_unit"] = [_("Indique uma unidade do mesmo estado do pedido.")]
        if (
            redirect_service is not None
            and not rules.redirect_services(req).filter(pk=redirect_service.pk).exists()
        ):
            errors["redirect_service"] = [
                _("Indique um serviço publicado do mesmo estado, diferente deste.")
            ]
    elif assignee is not None and not rules.assignable_users(req).filter(pk=assignee.pk).exists():
        errors["assignee"] = [_assignee_outside_unit()]
    errors |= limits.length_errors({"justification": (justification, limits.TEXT)})
    if errors:
        raise ValidationError(errors)
    req.decided_at = timezone.now()
    req.decision_justification = justification.strip()
    if accepted:
        req.status = Status.ACCEPTED
        req.refusal_reason, req.redirect_unit, req.redirect_service = "", None, None
        req.save()
        _event(
            req,
            EventKind.ACCEPTED,
            by=by,
            text=justification.strip() or _record("Pedido aceito."),
        )
        transaction.on_commit(lambda: notifications.request_decided(req.pk))
        if assignee is not None:
            assign(req, technician=assignee, by=by)
    else:
        req.status = Status.REFUSED
        req.refusal_reason = reason
        req.redirect_unit, req.redirect_service = redirect_unit, redirect_service
        req.save()
        where = ", ".join(str(x) for x in (redirect_unit, redirect_service) if x)
        _event(
            req,
            EventKind.REFUSED,
            by=by,
            text=justification.strip(),
            reason=reason,
            redirect_unit=redirect_unit.pk if redirect_unit else None,
            redirect_service=redirect_service.slug if redirect_service else None,
            redirect=where,
        )
        transaction.on_commit(lambda: notifications.request_decided(req.pk))
    return req


@transaction.atomic
def assign(req: ServiceRequest, *, technician, by) -> ServiceRequest:
    """Make a technician responsible; they must contact the requester within the set deadline."""
    require(by, req, Verb.ASSIGN)
    if not rules.assignable_users(req).filter(pk=technician.pk).exists():
        raise ValidationError({"assignee": [_assignee_outside_unit()]})
    req.assignee = technician
    if req.status == Status.ACCEPTED:
        req.status = Status.IN_PROGRESS
    if req.first_contact_at is None:
        req.first_contact_due = compute_deadline(
            timezone.now(),
            req.service.first_contact_business_days,
            DeadlineUnit.BUSINESS_DAYS,
            uf=req.state.uf,
            calendar=calendar_for(req),
        ).due
    req.save()
    _event(
        req,
        EventKind.ASSIGNED,
        by=by,
        text=_record("Técnico responsável: %(name)s.") % {"name": technician.full_name},
        assignee=technician.pk,
        first_contact_due=req.first_contact_due.isoformat() if req.first_contact_due else None,
    )
    transaction.on_commit(lambda: notifications.request_assigned(req.pk))
    return req


# --- handling --------------------------------------------------------------------------------


@transaction.atomic
def record_contact(
    req: ServiceRequest, *, channel: str, summary: str, by, internal: bool = False
) -> TimelineEvent:
    """The technician records a phone call, e-mail, meeting or visit with the requester."""
    require(by, req, Verb.CONTACT)
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": [_("Escolha como foi o contato.")]})
    if not summary.strip():
        raise ValidationError({"summary": [_("Resuma o contato.")]})
    limits.enforce({"summary": (summary, limits.TEXT)})
    if req.first_contact_at is None:
        req.first_contact_at = timezone.now()
        req.save(update_fields=["first_contact_at", "updated_at"])
    return _event(
        req,
        EventKind.CONTACT,
        by=by,
        text=summary.strip(),
        internal=internal,
        channel=channel,
    )


@transaction.atomic
def post_message(
    req: ServiceRequest, *, text: str, by, internal: bool = False, attachments=()
) -> TimelineEvent:
    """Staff write to the requester (or an internal note); files may go with it."""
    require(by, req, Verb.NOTE if internal else Verb.MESSAGE)
    if not text.strip():
        raise ValidationError({"text": [_("Escreva a mensagem.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    errors = _check_uploads(attachments)
    if errors:
        raise ValidationError(errors)
    event = _event(
        req, EventKind.NOTE if internal else EventKind.MESSAGE, by=by, text=text, internal=internal
    )
    _save_attachments(req, attachments, event=event, by=by, internal=internal)
    if not internal:
        transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return event


def _requester_actor(req: ServiceRequest, by):
    """Who the requester's own events record: nobody on an anonymous manifestation, whoever is
    signed in (the account would otherwise tell who the anonymous person is)."""
    return None if req.is_anonymous else by


@transaction.atomic
def requester_reply(
    req: ServiceRequest, *, text: str, attachments=(), by=None, holds_code: bool = False
) -> TimelineEvent:
    """The requester answers or adds documents from the tracking page; resumes a paused clock.

    `holds_code`: the caller proved the access code (else `by` must be the requester's account).
    """
    require(by, req, Verb.REPLY, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not text.strip() and not attachments:
        raise ValidationError({"text": [_("Escreva uma mensagem ou anexe um documento.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    errors = _check_uploads(attachments)
    if errors:
        raise ValidationError(errors)
    kind = EventKind.REQUESTER_MESSAGE if text.strip() else EventKind.DOCUMENT
    event = _event(req, kind, by=by, label=_record("Demandante"), text=text.strip())
    _save_attachments(req, attachments, event=event, by=by, from_requester=True)
    if req.status == Status.WAITING_REQUESTER:
        _resume(req, by=by)
    transaction.on_commit(lambda: notifications.requester_replied(event.pk))
    return event


@transaction.atomic
def wait_for_requester(req: ServiceRequest, *, message: str, by) -> ServiceRequest:
    """Ask the requester for something; the clock stops if the service says so."""
    require(by, req, Verb.WAIT)
    if not message.strip():
        raise ValidationError({"message": [_("Diga o que o demandante precisa enviar.")]})
    limits.enforce({"message": (message, limits.TEXT)})
    req.status = Status.WAITING_REQUESTER
    if req.service.pauses_clock_when_waiting:
        req.paused_since = timezone.localdate()
    req.save()
    event = _event(
        req,
        EventKind.WAITING,
        by=by,
        text=message.strip(),
        paused=req.paused_since is not None,
    )
    transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return req


def _resume(req: ServiceRequest, *, by=None) -> None:
    """Back to work; a clock paused while waiting moves the due date by the business days
    waited. The event's data says so (old_due, new_due, paused_days): pages read that, not the
    text."""
    moved, data = "", {}
    if req.paused_since is not None:
        cal = calendar_for(req)
        paused = business_days_between(req.paused_since, timezone.localdate(), cal)
        if paused:
            old_due = req.due_date
            req.due_date = compute_deadline(
                req.due_date, paused, DeadlineUnit.BUSINESS_DAYS, uf=req.state.uf, calendar=cal
            ).due
            moved = _record(
                "O prazo avançou %(days)s dia(s) útil(eis) em que o pedido aguardou o "
                "demandante: de %(old)s para %(new)s."
            ) % {
                "days": paused,
                "old": old_due.strftime("%d/%m/%Y"),
                "new": req.due_date.strftime("%d/%m/%Y"),
            }
            data = {
                "old_due": old_due.isoformat(),
                "new_due": req.due_date.isoformat(),
                "paused_days": paused,
            }
        req.paused_since = None
    req.status = Status.IN_PROGRESS if req.assignee_id else Status.ACCEPTED
    req.save()
    _event(req, EventKind.RESUMED, by=by, text=moved or _record("Atendimento retomado."), **data)


@transaction.atomic
def resume(req: ServiceRequest, *, by) -> ServiceRequest:
    require(by, req, Verb.RESUME)
    _resume(req, by=by)
    return req


@transaction.atomic
def extend_deadline(req: ServiceRequest, *, justification: str, by) -> ServiceRequest:
    """Extend once, with a justification, by what the service allows (ombudsman, LAI)."""
    require(by, req, Verb.EXTEND)
    amount = req.service.extension_amount
    if not justification.strip():
        raise ValidationError({"justification": [_("A prorrogação exige justificativa.")]})
    limits.enforce({"justification": (justification, limits.TEXT)})
    old_due = req.due_date
    req.due_date = compute_deadline(
        req.due_date, amount, req.service.deadline_unit, uf=req.state.uf, calendar=calendar_for(req)
    ).due
    req.extended = True
    req.save()
    event = _event(
        req,
        EventKind.EXTENDED,
        by=by,
        text=_record("Prazo prorrogado de %(old)s para %(new)s. Justificativa: %(why)s")
        % {
            "old": old_due.strftime("%d/%m/%Y"),
            "new": req.due_date.strftime("%d/%m/%Y"),
            "why": justification.strip(),
        },
        old_due=old_due.isoformat(),
        new_due=req.due_date.isoformat(),
    )
    transaction.on_commit(lambda: notifications.message_to_requester(event.pk))
    return req


@transaction.atomic
def conclude(req: ServiceRequest, *, outcome: str, by) -> ServiceRequest:
    """Close the request with a summary of what was done."""
    require(by, req, Verb.CONCLUDE)
    if not outcome.strip():
        raise ValidationError({"outcome": [_("Resuma o resultado do atendimento.")]})
    limits.enforce({"outcome": (outcome, limits.TEXT)})
    req.status = Status.CONCLUDED
    req.concluded_at = timezone.now()
    req.outcome = outcome.strip()
    req.paused_since = None
    req.save()
    _event(req, EventKind.CONCLUDED, by=by, text=req.outcome)
    transaction.on_commit(lambda: notifications.request_concluded(req.pk))
    return req


@transaction.atomic
def rate(
    req: ServiceRequest, *, score: int, comment: str = "", by=None, holds_code: bool = False
) -> ServiceRequest:
    """The requester rates a concluded request from 1 to 5, once."""
    require(by, req, Verb.RATE, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": [_("A nota vai de 1 a 5.")]})
    limits.enforce({"comment": (comment, limits.COMMENT)})
    req.rating, req.rating_comment = score, comment.strip()
    req.save(update_fields=["rating", "rating_comment", "updated_at"])
    _event(
        req, EventKind.RATED, by=by, label=_record("Demandante"), text=comment.strip(), score=score
    )
    return req


@transaction.atomic
def reopen(
    req: ServiceRequest, *, reason: str, by=None, holds_code: bool = False
) -> ServiceRequest:
    """The requester asks to reopen within 10 days of the conclusion."""
    require(by, req, Verb.REOPEN, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not reason.strip():
        raise ValidationError({"reason": [_("Explique por que o pedido deve ser reaberto.")]})
    limits.enforce({"reason": (reason, limits.TEXT)})
    req.status = Status.IN_PROGRESS if req.assignee_id else Status.ACCEPTED
    req.reopened_count += 1
    req.concluded_at = None
    req.save()
    _event(req, EventKind.REOPENED, by=by, label=_record("Demandante"), text=reason.strip())
    transaction.on_commit(lambda: notifications.request_reopened(req.pk))
    return req


@transaction.atomic
def appeal(req: ServiceRequest, *, text: str, by=None, holds_code: bool = False) -> ServiceRequest:
    """The requester appeals a refusal once; the request goes back to the coordinator."""
    require(by, req, Verb.APPEAL, holds_code=holds_code)
    by = _requester_actor(req, by)
    if not text.strip():
        raise ValidationError({"text": [_("Apresente as razões do recurso.")]})
    limits.enforce({"text": (text, limits.TEXT)})
    req.status = Status.APPEALED
    req.appealed_at = timezone.now()
    req.save()
    _event(req, EventKind.APPEALED, by=by, label=_record("Demandante"), text=text.strip())
    transaction.on_commit(lambda: notifications.request_appealed(req.pk))
    return req


# --- deadlines watched -----------------------------------------------------------------------


@transaction.atomic
def shift_due_dates_for_closure(day, *, by=None) -> int:
    """A newly adopted closure day or holiday that falls on open requests' due dates pushes
    them to the next business day, with the reason and who adopted it on each timeline.
    Runs inside the transaction that records the day (territory's signal), so both or neither
    are saved."""
    rows = ServiceRequest.objects.open().filter(due_date=day.date)
    if day.municipality_id:
        rows = rows.filter(municipality_id=day.municipality_id)
    else:
        rows = rows.filter(state_id=day.state_id)
    moved = 0
    for req in rows.select_related("state", "municipality", "service"):
        new_due = next_business_day(day.date, calendar_for(req))
        if new_due == req.due_date:
            continue
        old_due, req.due_date = req.due_date, new_due
        req.save(update_fields=["due_date", "updated_at"])
        _event(
            req,
            EventKind.DUE_MOVED,
            by=by,
            text=_record("%(date)s deixou de ser dia útil (%(name)s); o prazo passou para %(new)s.")
            % {
                "date": day.date.strftime("%d/%m/%Y"),
                "name": day.name,
                "new": new_due.strftime("%d/%m/%Y"),
            },
            old_due=old_due.isoformat(),
            new_due=new_due.isoformat(),
        )
        moved += 1
    return moved


@transaction.atomic
def restore_due_dates_for_removed_closure(day, *, by=None) -> int:
    """A closure day removed again gives back the due dates it had moved, unless something
    else (an extension, a pause) changed them since; the timeline says so and who removed it.
    Runs inside the transaction that deletes the day, like shift_due_dates_for_closure."""
    moves = (
        TimelineEvent.objects.filter(kind=EventKind.DUE_MOVED, data__old_due=day.date.isoformat())
        .select_related("request__state", "request__municipality", "request__service")
        .order_by("-at", "-pk")
    )
    restored, seen = 0, set()
    for event in moves:
        req = event.request
        if req.pk in seen:
            continue  # the day was adopted more than once: its latest move is the one to undo
        seen.add(req.pk)
        if not req.is_open or req.due_date.isoformat() != event.data.get("new_due"):
            continue
        if not calendar_for(req).is_business_day(day.date):
            continue  # still a holiday for this request, through another rule
        req.due_date = day.date
        req.save(update_fields=["due_date", "updated_at"])
        _event(
            req,
            EventKind.DUE_MOVED,
            by=by,
            text=_record(
                "%(date)s voltou a ser dia útil (%(name)s foi cancelado); "
                "o prazo volta a ser %(date)s."
            )
            % {"date": day.date.strftime("%d/%m/%Y"), "name": day.name},
            old_due=event.data.get("new_due"),
            new_due=day.date.isoformat(),
        )
        restored += 1
    return restored


def send_reminders(today: dt.date | None = None) -> int:
    """E-mail assignees and coordinators about due-soon and late requests, once a day each.

    Each request is claimed with a conditional UPDATE so two workers never remind twice, and
    its timeline gets an internal REMINDED event in the same transaction: staff see when the
    team was warned, and of which due date.
    """
    today = today or timezone.localdate()
    claimed = []
    limits: dict[str, dt.date] = {}
    candidates = (
        ServiceRequest.objects.open()
        .filter(due_date__lte=today + dt.timedelta(days=7))
        .exclude(reminded_on=today)
        .select_related("state")
    )
    for req in candidates:
        uf = req.state.uf
        limits.setdefault(uf, due_soon_limit(uf, today))
        if req.due_date > limits[uf]:
            continue
        with transaction.atomic():
            won = (
                ServiceRequest.objects.filter(pk=req.pk)
                .exclude(reminded_on=today)
                .update(reminded_on=today)
            )
            if not won:
                continue
            late = req.due_date < today
            text = (
                _record("Lembrete de prazo enviado à equipe: o prazo venceu em %(due)s.")
                if late
                else _record("Lembrete de prazo enviado à equipe: o prazo vence em %(due)s.")
            )
            _event(
                req,
                EventKind.REMINDED,
                internal=True,
                text=text % {"due": req.due_date.strftime("%d/%m/%Y")},
                reminded_on=today.isoformat(),
                due=req.due_date.isoformat(),
                deadline_state="late" if late else "due_soon",
            )
        claimed.append(req.pk)
    if claimed:
        notifications.deadline_digest(claimed, today)
    return len(claimed)
