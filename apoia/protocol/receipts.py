"""The requester's receipt: the deadline rule in words, the QR code and the PDF.

The PDF is WeasyPrint over an HTML template. It may load nothing but `data:` URIs (the QR code):
state intranets are often offline, and a receipt must not wait on, or leak to, another host.
"""

import segno
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from apoia.catalog.models import (
    Service,
    ServiceKind,
    describe_counted_deadline,
    describe_deadline,
)
from apoia.protocol.models import ServiceRequest
from apoia.protocol.notifications import tracking_url

COUNTING_RULE = "Lei nº 9.784/1999, art. 66"


def deadline_rule(service: Service) -> str:
    """How the due date was counted, and how far it may be extended, as the receipt states it."""
    text = _("%(deadline)s conforme a %(law)s.") % {
        "deadline": describe_counted_deadline(service.deadline_amount, service.deadline_unit),
        "law": COUNTING_RULE,
    }
    if service.extension_amount:
        extension = describe_deadline(service.extension_amount, service.deadline_unit)
        if service.kind == ServiceKind.OMBUDSMAN:
            text += " " + _(
                "Prorrogável uma única vez por mais %(extension)s, com justificativa "
                "(Lei nº 13.460/2017, art. 16)."
            ) % {"extension": extension}
        elif service.kind == ServiceKind.INFORMATION_REQUEST:
            text += " " + _(
                "Prorrogável por mais %(extension)s, mediante justificativa expressa "
                "(Lei nº 12.527/2011, art. 11, § 2º)."
            ) % {"extension": extension}
        else:
            text += " " + _("Prorrogável uma vez por mais %(extension)s, com justificativa.") % {
                "extension": extension
            }
    return text


def qr_data_uri(url: str) -> str:
    """An SVG QR code of `url` as a data URI (no file, no request to anything)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def receipt_context(req: ServiceRequest, *, for_requester: bool, show_requester: bool) -> dict:
    """What a receipt shows. `for_requester`: the viewer is the requester (the account that
    filed it, or the session that filed it or proved its code), the only one who gets the
    access code and the e-mail it went to: with them anyone could act as the requester.
    Everyone else gets a copy without them, and names only if `show_requester`
    (`queries.can_see_requester`)."""
    url = tracking_url(req)
    unit = req.unit
    secretariat = unit
    while secretariat is not None and secretariat.parent_id is not None:
        secretariat = secretariat.parent
    return {
        "req": req,
        "for_requester": for_requester,
        "show_requester": (for_requester or show_requester) and not req.is_anonymous,
        "tracking_url": url,
        "qr_code": qr_data_uri(url),
        "deadline_rule": deadline_rule(req.service),
        "secretariat": secretariat if secretariat != unit else None,
        "steps": list(req.service.steps.all()),
    }


def receipt_html(req: ServiceRequest, *, for_requester: bool, show_requester: bool) -> str:
    """The HTML WeasyPrint turns into the PDF receipt."""
    context = receipt_context(req, for_requester=for_requester, show_requester=show_requester)
    return render_to_string("protocol/public/receipt_pdf.html", context)


def receipt_pdf(req: ServiceRequest, *, for_requester: bool, show_requester: bool) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    html = receipt_html(req, for_requester=for_requester, show_requester=show_requester)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
