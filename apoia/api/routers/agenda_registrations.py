"""Agenda API: registrations, check-in, satisfaction and certificates. The same services and
rules as the pages (apoia.agenda.services.registrations and .certificates).

Registering needs the token of a municipal focal point of a municipality in the event's
audience, or of the event's staff (anonymous → 401); an event that is not public answers 404,
one closed for registration 409, bad fields or a municipality outside the audience 422 with
the field path. A registration's code is its capability, as on its page: with it anyone reads
it, cancels it (a registered place promotes the first of the waiting list) and, after the
event, rates it. Check-in needs the event's staff token. The certificate check is public and
tells a revoked certificate when and why."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.agenda import queries
from apoia.agenda.models import Registration
from apoia.agenda.services import certificates as certificate_services
from apoia.agenda.services import registrations as services
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import Municipality

router = Router(tags=["agenda: inscrições e certificados"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(
    services.RegistrationClosed, services.CheckinRefused, certificate_services.CertificateRefused
)


class RegistrationIn(Schema):
    name: str = Field(max_length=150)
    email: str = Field(max_length=254)
    role: str = Field("", max_length=150)
    municipality: int = Field(description="Código IBGE do município.")


class CreatedOut(Schema):
    code: str
    status: str = Field(description="registered (com vaga) ou waiting (lista de espera).")
    waiting_position: int | None
    url: str


class RegistrationOut(Schema):
    code: str
    status: str
    event: int
    event_title: str
    name: str
    municipality: int
    municipality_name: str
    waiting_position: int | None
    promoted_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    checkin_method: str
    certificate: str | None = Field(description="Código de verificação do certificado.")
    url: str


class CheckinIn(Schema):
    code: str = Field(max_length=40)


class FeedbackIn(Schema):
    rating: int
    comment: str = Field("", max_length=2000)


class FeedbackOut(Schema):
    rating: int
    comment: str


class CertificateOut(Schema):
    code: str
    valid: bool
    name: str
    event: str
    dates: str
    workload_hours: Decimal
    issuer: str
    issued_at: dt.datetime
    revoked: bool
    revoked_at: dt.datetime | None
    revoke_reason: str
    url: str


class RevokeIn(Schema):
    reason: str = Field(max_length=2000)


class IssuedOut(Schema):
    issued: int
    codes: list[str]


def _registration_out(registration: Registration) -> dict:
    certificate = getattr(registration, "certificate", None)
    return {
        "code": registration.code,
        "status": registration.status,
        "event": registration.event_id,
        "event_title": registration.event.title,
        "name": registration.name,
        "municipality": registration.municipality_id,
        "municipality_name": registration.municipality.name,
        "waiting_position": queries.waiting_position(registration),
        "promoted_at": registration.promoted_at,
        "cancelled_at": registration.cancelled_at,
        "checked_in_at": registration.checked_in_at,
        "checkin_method": registration.checkin_method,
        "certificate": certificate.code if certificate else None,
        "url": f"/agenda/inscricoes/{registration.code}/",
    }


def _certificate_out(certificate) -> dict:
    return {
        "code": certificate.code,
        "valid": not certificate.is_revoked,
        "name": certificate.name,
        "event": certificate.event_title,
        "dates": certificate.event_dates,
        "workload_hours": certificate.workload_hours,
        "issuer": certificate.issuer,
        "issued_at": certificate.issued_at,
        "revoked": certificate.is_revoked,
        "revoked_at": certificate.revoked_at,
        "revoke_reason": certificate.revoke_reason,
        "url": certificate.get_absolute_url(),
    }


def _public_event(pk: int):
    event = queries.public_events().select_related("state", "unit").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def _managed_event(user, pk: int):
    event = queries.managed_events(user).select_related("state", "unit").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@router.post(
    "/events/{pk}/registrations",
    auth=TokenAuth(),
    response={201: CreatedOut, **ERRORS},
    summary="Inscrever uma pessoa num evento (vaga ou lista de espera)",
)
@answers
def create_registration(request, pk: int, data: RegistrationIn):
    """Um ponto focal inscreve a si ou a alguém do seu município; a equipe do evento, alguém
    de qualquer município convidado. Com vagas, `registered`; sem, `waiting` (lista de espera,
    por ordem de chegada)."""
    event = _public_event(pk)
    municipality = Municipality.objects.filter(pk=data.municipality).first()
    if municipality is None:
        raise FieldError("municipality", _("Município não encontrado (informe o código IBGE)."))
    (registration,) = services.register(
        event,
        by=request.auth,
        people=[{"name": data.name, "email": data.email, "role": data.role}],
        municipality=municipality,
    )
    return HttpStatus(
        201,
        {
            "code": registration.code,
            "status": registration.status,
            "waiting_position": queries.waiting_position(registration),
            "url": f"/agenda/inscricoes/{registration.code}/",
        },
    )


@router.get(
    "/registrations/{code}",
    response={200: RegistrationOut, 404: ProblemOut},
    summary="Uma inscrição, pelo seu código",
)
def get_registration(request, code: str):
    return _registration_out(queries.get_registration(code))


@router.delete(
    "/registrations/{code}",
    response={204: None, **ERRORS},
    summary="Cancelar uma inscrição (a vaga vai para o primeiro da lista de espera)",
)
@answers
def cancel_registration(request, code: str):
    registration = queries.get_registration(code)
    services.cancel(registration, by=request.user)
    return HttpStatus(204, None)


@router.post(
    "/registrations/{code}/feedback",
    response={200: FeedbackOut, **ERRORS},
    summary="Avaliar o evento (1 a 5, com comentário), depois que ele termina",
)
@answers
def give_feedback(request, code: str, data: FeedbackIn):
    registration = queries.get_registration(code)
    feedback = services.give_feedback(registration, rating=data.rating, comment=data.comment)
    return {"rating": feedback.rating, "comment": feedback.comment}


@router.post(
    "/events/{pk}/checkin",
    auth=TokenAuth(),
    response={200: RegistrationOut, **ERRORS},
    summary="Registrar a presença pelo código da inscrição (equipe do evento)",
)
@answers
def check_in(request, pk: int, data: CheckinIn):
    """404 para um código que não é de uma inscrição do evento; 409 quando a presença já foi
    registrada, a inscrição está na lista de espera ou foi cancelada."""
    event = _managed_event(request.auth, pk)
    if services.find_in_event(event, data.code) is None:
        return HttpStatus(404, {"detail": _("Nenhuma inscrição deste evento tem este código.")})
    registration = services.check_in(event, code=data.code, by=request.auth)
    return _registration_out(
        Registration.objects.select_related("event", "municipality").get(pk=registration.pk)
    )


@router.post(
    "/events/{pk}/certificates",
    auth=TokenAuth(),
    response={200: IssuedOut, **ERRORS},
    summary="Emitir os certificados de quem teve presença (depois do evento)",
)
@answers
def issue_certificates(request, pk: int):
    event = _managed_event(request.auth, pk)
    made = certificate_services.issue_certificates(event, by=request.auth)
    return {"issued": len(made), "codes": [c.code for c in made]}


@router.get(
    "/certificates/{code}",
    response={200: CertificateOut, 404: ProblemOut},
    summary="Verificar um certificado pelo código (público)",
)
def get_certificate(request, code: str):
    try:
        certificate = queries.get_certificate(code)
    except Http404:
        return HttpStatus(404, {"detail": _("Nenhum certificado tem este código.")})
    return _certificate_out(certificate)


@router.post(
    "/certificates/{code}/revoke",
    auth=TokenAuth(),
    response={200: CertificateOut, **ERRORS},
    summary="Revogar um certificado, com o motivo (equipe do evento)",
)
@answers
def revoke_certificate(request, code: str, data: RevokeIn):
    certificate = queries.get_certificate(code)
    if not queries.may_manage_event(request.auth, certificate.registration.event):
        raise Http404
    revoked = certificate_services.revoke(certificate, by=request.auth, reason=data.reason)
    return _certificate_out(revoked)
