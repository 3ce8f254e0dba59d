"""The certificate of attendance as PDF: WeasyPrint over an HTML template, A4 landscape, with
the verification code and a QR code to the public verification page.

Like the receipts, it may load nothing but `data:` URIs: state intranets are often offline."""

import segno
from django.conf import settings
from django.template.loader import render_to_string

from apoia.agenda.models import Certificate


def verification_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL}{certificate.get_absolute_url()}"


def certificate_html(certificate: Certificate) -> str:
    url = verification_url(certificate)
    return render_to_string(
        "agenda/certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            "verification_url": url,
            "qr_code": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        },
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=certificate_html(certificate), url_fetcher=fetcher).write_pdf()
