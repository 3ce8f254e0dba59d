"""The term of adhesion: its page, its PDF (WeasyPrint, like protocol's receipts) and the
public verification of its code.

The term is drawn from the adhesion as stored (municipality, phase, date, protocol number,
focal points' names and roles); every later change to them is in the adhesion's history.
"""

from django.template.loader import render_to_string
from django.urls import reverse

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


def verification_url(adhesion: Adhesion, request=None) -> str:
    path = reverse("programs:verify", args=[adhesion.verification_code])
    return request.build_absolute_uri(path) if request is not None else path


def term_context(adhesion: Adhesion, *, url: str) -> dict:
    return {
        "adhesion": adhesion,
        "focal_points": list(adhesion.focal_points.all()),
        "verification_url": url,
        "qr_code": qr_data_uri(url),
    }


def term_pdf(adhesion: Adhesion, *, url: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    html = render_to_string("programs/term_pdf.html", term_context(adhesion, url=url))
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
