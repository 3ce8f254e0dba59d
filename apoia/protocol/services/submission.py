"""Filing a request: validation, the organization it speaks for, the protocol number, the due
date and the receipt, all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from validate_docbr import CNPJ, CPF

from apoia.accounts.models import Organization, OrgUnit, Role, normalize_document
from apoia.catalog.models import Service, ServiceOption
from apoia.protocol import hooks, limits, notifications, rules, wording
from apoia.protocol.models import (
    Attachment,
    Channel,
    EventKind,
    ProtocolSequence,
    ServiceRequest,
)
from apoia.protocol.numbering import format_protocol
from apoia.protocol.routing import route
from apoia.protocol.services.deadlines import calendar_for
from apoia.protocol.services.timeline import _check_uploads, _event, _record, _save_attachments
from apoia.territory.calendar import (
    compute_deadline,
)
from apoia.territory.models import Municipality


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
    via_submission_page: bool = False,
) -> ServiceRequest:
    """File a request: protocol number, deadline, routing, receipt. All or nothing.

    A service whose kind has its own submission page (protocol.hooks) is refused unless that
    page's service files it (`via_submission_page=True`).

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
    if not via_submission_page and (refusal := hooks.generic_submission_refusal(service)):
        errors.setdefault("service", []).append(refusal)
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
                text=(
                    _record("Manifestação recebida. Prazo de resposta: %(due)s.")
                    if wording.is_manifestation(service.kind)
                    else _record("Pedido recebido. Prazo de resposta: %(due)s.")
                )
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
                    text=_record(wording.forwarded_to(unit.name)) % {"unit": unit.name},
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
