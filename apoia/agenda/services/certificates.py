"""Certificates of attendance: issued after the event to everyone checked in, frozen (later
edits of the event do not change them), verified by anyone at /certificados/<code>/, revoked
by the event's staff with a reason (the verification then says so)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import mail, queries
from apoia.agenda.codes import new_code
from apoia.agenda.models import Certificate, Event, Registration, RegistrationStatus

REASON_MAX = 2000


class CertificateRefused(Exception):
    """Not now (the event has not ended) or not again (already revoked): 409 in the API."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now():
    return timezone.now()


def event_dates(event: Event) -> str:
    """ "11/03/2026", or "11/03/2026 a 12/03/2026" for an event over several days (in the
    event's state time zone)."""
    zone = ZoneInfo(event.state.timezone)
    first = timezone.localtime(event.start, zone).date()
    last = timezone.localtime(event.end, zone).date()
    if first == last:
        return first.strftime("%d/%m/%Y")
    return _("%(first)s a %(last)s") % {
        "first": first.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }


def _unique_code() -> str:
    while True:
        code = new_code(12)
        if not Certificate.objects.filter(code=code).exists():
            return code


def issue_certificates(event: Event, *, by) -> list[Certificate]:
    """A certificate for each attendee of `event` who has none yet (calling it again issues
    only the missing ones). Refused before the event ends."""
    if not queries.may_manage_event(by, event):
        raise PermissionDenied(_("Só a equipe da agenda do estado emite certificados."))
    with transaction.atomic():
        locked = (
            Event.objects.select_for_update(of=("self",))
            .select_related("state", "unit")
            .get(pk=event.pk)
        )
        if not queries.event_ended(locked, _now()):
            raise CertificateRefused(_("Os certificados são emitidos depois que o evento termina."))
        if locked.status != "published":
            raise CertificateRefused(_("Só eventos publicados têm certificados."))
        attendees = (
            Registration.objects.filter(
                event=locked,
                status=RegistrationStatus.REGISTERED,
                checked_in_at__isnull=False,
                certificate__isnull=True,
            )
            .select_for_update(of=("self",))
            .order_by("name", "pk")
        )
        dates = event_dates(locked)
        made = []
        for registration in attendees:
            certificate = Certificate.objects.create(
                registration=registration,
                code=_unique_code(),
                name=registration.name,
                event_title=locked.title,
                event_dates=dates,
                workload_hours=locked.workload_hours,
                issuer=locked.unit.name,
            )
            mail.schedule("registration_certificate", id=certificate.pk)
            made.append(certificate)
        return made


@transaction.atomic
def revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    """The event's staff revoke a certificate, with a reason the verification shows."""
    event = certificate.registration.event
    if not queries.may_manage_event(by, event):
        raise PermissionDenied(_("Só a equipe da agenda do estado revoga certificados."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Informe o motivo da revogação.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": [_("Use no máximo %(count)d caracteres.") % {"count": REASON_MAX}]}
        )
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise CertificateRefused(_("Este certificado já foi revogado."))
    locked.revoked_at = _now()
    locked.revoked_by = by
    locked.revoke_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return locked
