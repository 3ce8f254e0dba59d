"""The term of adhesion: issued once at acceptance, stored, served and publicly verified.

The term is drawn at acceptance (inside the acceptance's transaction) from the adhesion as it
stood then: its content is kept as JSON beside the PDF and its SHA-256, and neither is ever
redrawn. Later edits to the focal points go to the adhesion's history; the term, its download
and the public verification page keep saying what was issued, so anyone holding the PDF can
compare its SHA-256 with the one the verification page shows.

Adhesions made before terms were stored (the demo's bulk load) get theirs the first time one
is asked for, drawn from the adhesion as it is then (`issued_term`).
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apoia.programs.models import Adhesion
from apoia.protocol.receipts import qr_data_uri


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def find_by_code(code: str) -> Adhesion | None:
    normalized = normalize_code(code)
    if not normalized or len(normalized) > 20:
        return None
    return (
        Adhesion.objects.select_related("program", "phase", "municipality__state", "request")
        .filter(verification_code=normalized)
        .first()
    )


def verification_url(adhesion: Adhesion) -> str:
    # The site's address, not the request's host: the printed URL must not depend on who
    # happened to open the term first.
    return settings.SITE_URL + reverse("programs:verify", args=[adhesion.verification_code])


def term_content(adhesion: Adhesion) -> dict:
    """What the term says, from the adhesion as it is now (JSON-ready)."""
    application = None
    if adhesion.request_id:
        application = getattr(adhesion.request, "adhesion_application", None)
    municipality = adhesion.municipality
    return {
        "program": adhesion.program.name,
        "managing_unit": adhesion.program.managing_unit.name,
        "state": municipality.state.name,
        "municipality": municipality.name,
        "uf": municipality.state.uf,
        "phase": adhesion.phase.name if adhesion.phase_id else "",
        "since": adhesion.since.isoformat(),
        "protocol": adhesion.request.protocol if adhesion.request_id else "",
        "focal_points": [
            {"name": fp.name, "role": fp.role}
            for fp in adhesion.focal_points.order_by("order", "pk")
        ],
        "declaration": application.declaration_text if application else "",
        "verification_url": verification_url(adhesion),
    }


def display_content(content: dict) -> dict:
    """The stored content with its date as a date, for the templates."""
    shown = dict(content)
    if shown.get("since"):
        shown["since"] = dt.date.fromisoformat(shown["since"])
    return shown


def render_pdf(adhesion: Adhesion, content: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only issuing a term needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    url = content["verification_url"]
    html = render_to_string(
        "programs/term_pdf.html",
        {
            "term": display_content(content),
            "code": adhesion.verification_code_display,
            "verification_url": url,
            "qr_code": qr_data_uri(url),
        },
    )
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def issue_term(adhesion: Adhesion) -> Adhesion:
    """Draw the term from the adhesion as it is now and store it (PDF, SHA-256, content).

    Written with an UPDATE, not `save()`: the term is the system's, not a change to record in
    the adhesion's history. A file left by a transaction that rolls back later is orphaned under
    its random name and never served.
    """
    content = term_content(adhesion)
    pdf = render_pdf(adhesion, content)
    field = Adhesion._meta.get_field("term_file")
    name = field.storage.save(field.generate_filename(adhesion, "termo.pdf"), ContentFile(pdf))
    fields = {
        "term_file": name,
        "term_sha256": hashlib.sha256(pdf).hexdigest(),
        "term_content": content,
        "term_issued_at": timezone.now(),
    }
    Adhesion.objects.filter(pk=adhesion.pk).update(**fields)
    for attribute, value in fields.items():
        setattr(adhesion, attribute, value)
    return adhesion


def issued_term(adhesion: Adhesion) -> Adhesion:
    """The adhesion with its stored term, issuing it first when it has none (older adhesions)."""
    if adhesion.term_sha256:
        return adhesion
    with transaction.atomic():
        # Two first readers at once: the row lock lets one issue it and the other read it.
        locked = Adhesion.objects.select_for_update().get(pk=adhesion.pk)
        if not locked.term_sha256:
            issue_term(locked)
    for attribute in ("term_file", "term_sha256", "term_content", "term_issued_at"):
        setattr(adhesion, attribute, getattr(locked, attribute))
    return adhesion
