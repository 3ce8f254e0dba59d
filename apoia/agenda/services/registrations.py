"""Registrations for events, the waiting list, attendance and the attendees' ratings.

Who registers: the event's staff (anyone of a municipality of the audience) and the municipal
focal points (themselves or a team, in the name of one of their municipalities in the
audience); see queries.registrable_municipalities.

No overbooking: `register` locks the event row (SELECT … FOR UPDATE; on SQLite the write
transaction is taken at BEGIN IMMEDIATE) and counts the registered places INSIDE that
transaction, so concurrent registrations are served one after the other: while places are
left a registration is `registered`, then `waiting`. Cancelling a registered place promotes
the first of the waiting list (by created_at, pk), under the same lock, and tells them by
e-mail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import mail, queries
from apoia.agenda.codes import new_code, normalize_code
from apoia.agenda.models import (
    CheckinMethod,
    Event,
    Feedback,
    Registration,
    RegistrationStatus,
)

MAX_TEAM = 20
COMMENT_MAX = 2000


class RegistrationClosed(Exception):
    """The event takes no registrations (or no change) now: 409 in the API."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CheckinRefused(Exception):
    """Already checked in, on the waiting list or cancelled: 409 in the API."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now():
    return timezone.now()


def _locked_event(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("state", "unit")
        .get(pk=event.pk)
    )


def _unique_code() -> str:
    while True:
        code = new_code()
        if not Registration.objects.filter(code=code).exists():
            return code


def _clean_people(people: list[dict]) -> tuple[list[dict], dict]:
    """Trimmed people and the errors by field path ("email" for one person, "people.1.email"
    for the second of a team)."""
    errors: dict[str, list[str]] = {}
    if not people:
        return [], {"people": [_("Informe ao menos uma pessoa.")]}
    if len(people) > MAX_TEAM:
        return [], {"people": [_("No máximo %(count)d pessoas de uma vez.") % {"count": MAX_TEAM}]}
    cleaned = []
    seen: dict[str, int] = {}
    for index, person in enumerate(people):
        prefix = "" if len(people) == 1 else f"people.{index}."
        name = " ".join(str(person.get("name") or "").split())
        email = str(person.get("email") or "").strip().lower()
        role = " ".join(str(person.get("role") or "").split())
        if not name:
            errors[f"{prefix}name"] = [_("Informe o nome.")]
        elif len(name) > 150:
            errors[f"{prefix}name"] = [_("Use no máximo 150 caracteres.")]
        if len(role) > 150:
            errors[f"{prefix}role"] = [_("Use no máximo 150 caracteres.")]
        try:
            validate_email(email)
        except ValidationError:
            errors[f"{prefix}email"] = [_("Informe um e-mail válido.")]
        else:
            if email in seen:
                errors[f"{prefix}email"] = [
                    _("Este e-mail já está na pessoa %(n)d desta inscrição.") % {"n": seen[email]}
                ]
            seen.setdefault(email, index + 1)
        cleaned.append({"name": name, "email": email, "role": role, "prefix": prefix})
    return cleaned, errors


def register(event: Event, *, by, people: list[dict], municipality) -> list[Registration]:
    """Register `people` (dicts of name, email, role) of `municipality` for `event`, in one
    transaction: each gets a place while there are places, else the waiting list, in order.

    PermissionDenied when `by` registers nobody for this event; ValidationError naming the
    field for bad people or a municipality outside the audience or not theirs;
    RegistrationClosed when the event is not open for registration."""
    allowed = queries.registrable_municipalities(by, event)
    if not allowed:
        raise PermissionDenied(
            _(
                "Só os pontos focais dos municípios convidados e a equipe do evento fazem "
                "inscrições."
            )
        )
    errors: dict[str, list[str]] = {}
    if municipality is None:
        errors["municipality"] = [_("Escolha o município.")]
    elif municipality.pk not in {m.pk for m in allowed}:
        if not queries.in_audience(event, municipality):
            errors["municipality"] = [
                _("%(name)s não está entre os municípios convidados para este evento.")
                % {"name": municipality.name}
            ]
        else:
            errors["municipality"] = [_("Você não é ponto focal deste município.")]
    cleaned, people_errors = _clean_people(people)
    errors.update(people_errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            locked = _locked_event(event)
            now = _now()
            if not queries.registration_open(locked, now):
                raise RegistrationClosed(_("As inscrições deste evento estão encerradas."))
            taken = {
                e.lower()
                for e in locked.registrations.exclude(
                    status=RegistrationStatus.CANCELLED
                ).values_list("email", flat=True)
            }
            duplicate = {
                f"{p['prefix']}email": [
                    _("%(email)s já está inscrito(a) neste evento.") % {"email": p["email"]}
                ]
                for p in cleaned
                if p["email"] in taken
            }
            if duplicate:
                raise ValidationError(duplicate)
            left = queries.places_left(locked)
            made = []
            for person in cleaned:
                if left is None or left > 0:
                    status = RegistrationStatus.REGISTERED
                    if left is not None:
                        left -= 1
                else:
                    status = RegistrationStatus.WAITING
                registration = Registration.objects.create(
                    event=locked,
                    code=_unique_code(),
                    name=person["name"],
                    email=person["email"],
                    role=person["role"],
                    municipality=municipality,
                    registered_by=by,
                    status=status,
                )
                made.append(registration)
                mail.schedule("registration_confirmed", id=registration.pk)
            return made
    except IntegrityError as exc:
        if "registration_one_active_per_email" in str(exc) or "email" in str(exc):
            raise ValidationError(
                {"email": [_("Este e-mail já está inscrito neste evento.")]}
            ) from None
        raise


def may_cancel(registration: Registration, now) -> bool:
    return (
        registration.status != RegistrationStatus.CANCELLED
        and not registration.attended
        and not queries.event_ended(registration.event, now)
    )


def promote_waiting(event: Event, now) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (event locked)."""
    promoted = []
    left = queries.places_left(event)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting.select_for_update(of=("self",)):
        if left is not None and left <= 0:
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        mail.schedule("registration_promoted", id=registration.pk)
        promoted.append(registration)
        if left is not None:
            left -= 1
    return promoted


def cancel(registration: Registration, *, by=None) -> Registration:
    """Cancel a registration (whoever holds its code, or the event's staff). A registered
    place freed promotes the first of the waiting list; a waiting one promotes nobody."""
    with transaction.atomic():
        event = _locked_event(registration.event)
        locked = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        now = _now()
        if locked.status == RegistrationStatus.CANCELLED:
            raise RegistrationClosed(_("Esta inscrição já foi cancelada."))
        if locked.attended:
            raise RegistrationClosed(
                _("A presença desta inscrição já foi registrada: ela não pode ser cancelada.")
            )
        if queries.event_ended(event, now):
            raise RegistrationClosed(_("O evento já terminou: a inscrição não pode ser cancelada."))
        was_registered = locked.status == RegistrationStatus.REGISTERED
        locked.status = RegistrationStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        if was_registered and event.status == "published":
            promote_waiting(event, now)
        locked.event = event
        return locked


# --- attendance ---------------------------------------------------------------------------


def _require_staff(by, event: Event) -> None:
    if not queries.may_manage_event(by, event):
        raise PermissionDenied(_("Só a equipe da agenda do estado registra presenças."))


def _mark(registration: Registration, *, by, method: str, now) -> Registration:
    registration.checked_in_at = now
    registration.checked_in_by = by
    registration.checkin_method = method
    registration.save(update_fields=["checked_in_at", "checked_in_by", "checkin_method"])
    return registration


def _refusal(registration: Registration) -> str | None:
    if registration.status == RegistrationStatus.WAITING:
        return _("%(name)s está na lista de espera: não tem vaga neste evento.") % {
            "name": registration.name
        }
    if registration.status == RegistrationStatus.CANCELLED:
        return _("A inscrição de %(name)s foi cancelada.") % {"name": registration.name}
    if registration.attended:
        return _("A presença de %(name)s já foi registrada.") % {"name": registration.name}
    return None


def find_in_event(event: Event, code: str) -> Registration | None:
    code = normalize_code(code)[:12]
    if not code:
        return None
    return event.registrations.select_related("municipality").filter(code=code).first()


@transaction.atomic
def check_in(event: Event, *, code: str, by) -> Registration:
    """The staff types or scans a registration code. Http404-like None is the caller's: this
    raises ValidationError {"code"} for a code not of this event, CheckinRefused when it was
    checked in already, waits or was cancelled."""
    _require_staff(by, event)
    found = find_in_event(event, code)
    if found is None:
        raise ValidationError({"code": [_("Nenhuma inscrição deste evento tem este código.")]})
    locked = Registration.objects.select_for_update(of=("self",)).get(pk=found.pk)
    if refusal := _refusal(locked):
        raise CheckinRefused(refusal)
    return _mark(locked, by=by, method=CheckinMethod.CODE, now=_now())


@transaction.atomic
def set_attendance(event: Event, *, shown: set[int], ticked: set[int], by) -> dict:
    """The list of presence: of the registrations `shown` (one page of the list), those
    `ticked` attended and the others did not. A registration with a certificate stays
    checked in (revoke the certificate first). Returns the names added, removed and kept."""
    _require_staff(by, event)
    result = {"added": [], "removed": [], "kept": []}
    now = _now()
    rows = (
        event.registrations.filter(pk__in=shown, status=RegistrationStatus.REGISTERED)
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for registration in rows:
        if registration.pk in ticked and not registration.attended:
            _mark(registration, by=by, method=CheckinMethod.LIST, now=now)
            result["added"].append(registration.name)
        elif registration.pk not in ticked and registration.attended:
            if hasattr(registration, "certificate"):
                result["kept"].append(registration.name)
                continue
            registration.checked_in_at = None
            registration.checked_in_by = None
            registration.checkin_method = ""
            registration.save(update_fields=["checked_in_at", "checked_in_by", "checkin_method"])
            result["removed"].append(registration.name)
    return result


@transaction.atomic
def set_attendance_code(event: Event, *, by, code: str = "") -> Event:
    """The staff sets the code announced during an online session, or a new one is drawn."""
    _require_staff(by, event)
    locked = _locked_event(event)
    if not locked.shows_link:
        raise ValidationError(
            {"attendance_code": [_("Só eventos online ou híbridos têm código de presença.")]}
        )
    code = normalize_code(code)
    if code and not 4 <= len(code) <= 12:
        raise ValidationError({"attendance_code": [_("Use de 4 a 12 letras ou números.")]})
    locked.attendance_code = code or new_code(6)
    locked.save(update_fields=["attendance_code", "updated_at"])
    return locked


@transaction.atomic
def online_check_in(event: Event, *, registration_code: str, attendance_code: str) -> Registration:
    """An attendee of an online session types their registration code and the announced
    code, during the session (queries.online_checkin_open)."""
    now = _now()
    locked_event = _locked_event(event)
    if not queries.online_checkin_open(locked_event, now):
        raise CheckinRefused(
            _(
                "A presença com o código anunciado vale de 15 minutos antes do início a 30 "
                "minutos depois do término da sessão."
            )
        )
    errors: dict[str, list[str]] = {}
    found = find_in_event(locked_event, registration_code)
    if found is None:
        errors["code"] = [_("Nenhuma inscrição deste evento tem este código.")]
    if normalize_code(attendance_code) != locked_event.attendance_code:
        errors["attendance_code"] = [_("O código de presença não confere com o anunciado.")]
    if errors:
        raise ValidationError(errors)
    locked = Registration.objects.select_for_update(of=("self",)).get(pk=found.pk)
    if refusal := _refusal(locked):
        raise CheckinRefused(refusal)
    return _mark(locked, by=None, method=CheckinMethod.ONLINE_CODE, now=now)


# --- satisfaction -------------------------------------------------------------------------


def give_feedback(registration: Registration, *, rating, comment: str = "") -> Feedback:
    """An attendee rates the event 1 to 5 once it has ended; giving it again changes it."""
    if not queries.may_give_feedback(registration, _now()):
        raise RegistrationClosed(
            _("A avaliação é de quem participou, depois que o evento termina.")
        )
    errors: dict[str, list[str]] = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = [_("Dê uma nota de 1 a 5.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("Use no máximo %(count)d caracteres.") % {"count": COMMENT_MAX}]
    if errors:
        raise ValidationError(errors)
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment}
    )
    return feedback
