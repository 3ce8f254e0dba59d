"""The management report as PDF: WeasyPrint over an HTML template, A4, the program, phase and
period in every page's header, page numbers in the footer, table headers repeated on each page.

Like the receipts, it may load nothing but `data:` URIs: state intranets are often offline."""

from django.template.loader import render_to_string

from apoia.programs.report import Report


def report_html(found: Report) -> str:
    return render_to_string("programs/report/report_pdf.html", {"report": found})


def report_pdf(found: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=report_html(found), url_fetcher=fetcher).write_pdf()
