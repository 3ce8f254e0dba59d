"""Planned versus done of a plan as PDF: WeasyPrint over an HTML template, A4, the plan in
every page's header, page numbers in the footer, table headers repeated on each page.

It loads nothing but `data:` URIs (state intranets are often offline)."""

from django.template.loader import render_to_string

from apoia.agenda.queries_plan import Execution


def execution_html(figures: Execution, *, generated_at) -> str:
    return render_to_string(
        "agenda/plan/execution_pdf.html",
        {"figures": figures, "plan": figures.plan, "generated_at": generated_at},
    )


def execution_pdf(figures: Execution, *, generated_at) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    html = execution_html(figures, generated_at=generated_at)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
