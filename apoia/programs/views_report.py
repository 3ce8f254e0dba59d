"""The management report of a program phase over a period (issue 10, item 9): the page and
its PDF and XLSX downloads, one set of figures (apoia.programs.report).

Thin: the scope is queries_monitoring.monitoring_scope (404 otherwise), the figures report.build.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apoia.programs import queries_monitoring, report
from apoia.programs.forms_report import FORMATS, report_form
from apoia.programs.report_pdf import report_pdf
from apoia.programs.report_xlsx import report_xlsx

PER_PAGE = 50


def filename(found: report.Report, ext: str) -> str:
    period = found.period
    return (
        f"relatorio-{found.program.slug}-{found.phase.slug}-"
        f"{period.start:%Y%m%d}-{period.end:%Y%m%d}.{ext}"
    )


def _query(found: report.Report) -> str:
    return urlencode(
        {
            "fase": found.phase.slug,
            **found.filters.query(),
            "inicio": found.period.start.isoformat(),
            "fim": found.period.end.isoformat(),
        }
    )


@login_required
def report_page(request, slug, fmt=""):
    scope = queries_monitoring.get_monitoring_for(request.user, slug)
    program = scope.program
    fmt = fmt or request.GET.get("formato", "")
    if fmt and fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    phase, form = report_form(scope, request.GET, today)
    found = None
    if form.is_valid():
        found = report.build(scope, phase, form.filters(), form.period(), by=request.user)
        if fmt == "pdf":
            return _download(report_pdf(found), "application/pdf", filename(found, "pdf"))
        if fmt == "xlsx":
            return report_xlsx(found, filename(found, "xlsx"))
    monitoring = reverse("programs:monitoring", args=[program.slug])
    context = {
        "program": program,
        "phase": phase,
        "form": form,
        "report": found,
        "presets": [
            {
                "label": label,
                "period": period,
                "query": urlencode(
                    {
                        "fase": phase.slug,
                        **(form.filters().query() if found else {}),
                        "inicio": period.start.isoformat(),
                        "fim": period.end.isoformat(),
                    }
                ),
            }
            for label, period in report.presets(today)
        ],
        "breadcrumbs": [
            (_("Gestão de programas"), reverse("programs:staff_programs")),
            (program.name, reverse("programs:staff_program", args=[program.slug])),
            (_("Monitoramento"), f"{monitoring}?{urlencode({'fase': phase.slug})}"),
            (_("Relatório gerencial"), None),
        ],
    }
    if found is not None:
        dashboard_query = urlencode({"fase": phase.slug, **found.filters.query()})
        page = Paginator(found.late, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            {
                "query": _query(found),
                "late_page": page,
                "page_obj": page,
                "monitoring_url": f"{monitoring}?{dashboard_query}",
            }
        )
    return render(request, "programs/report/page.html", context)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Slugs and dates only: an ASCII name.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
