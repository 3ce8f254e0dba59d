"""The timeline: events written in the site's language, and the files that go with them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apoia.protocol import limits
from apoia.protocol.files import inspect_upload
from apoia.protocol.models import (
    Attachment,
    EventKind,
    TimelineEvent,
)


def _record(message: str) -> str:
    """Timeline text is a record read by everyone: written in the site's language, not in the
    language of whoever triggered the transition (validation errors do follow the user)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


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


def record_from_app(req, *, text: str, by=None, from_requester: bool = False) -> TimelineEvent:
    """What an app above protocol did to the thing this request filed (the agenda's
    appointment cancelled or moved), on the request's timeline for both parties: a message of
    the requester, or of the team. Not a transition: the status and the deadline stay; the
    unit concludes the request as usual."""
    kind = EventKind.REQUESTER_MESSAGE if from_requester else EventKind.MESSAGE
    return _event(req, kind, by=by, text=text)
