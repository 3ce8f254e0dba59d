"""The monitoring dashboard of a program phase (issue 10, item 6), its tables (pages and
CSV/XLSX) and the staff page of the progress formula (item 4); the public pages are in
views_transparency.

Thin: scoping in queries_monitoring, figures in progress and movement."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.lib import spreadsheets
from apoia.programs import movement, progress, queries, queries_meetings, queries_monitoring
from apoia.programs.forms_monitoring import MonitoringFilterForm
from apoia.programs.views_public import adhesion_map
from apoia.territory.models import Municipality

PREVIEW = 10  # rows of each list on the dashboard; the table page has them all
PER_PAGE = 50


def _delivery_cells(d):
    municipality = d.item.plan.municipality  # None: a strategic project's delivery
    return [
        municipality.ibge if municipality else None,
        municipality.name if municipality else "",
        d.item.action.title,
        d.item.action.unit.name,
        d.delivery.title,
        d.delivery.weight,
        d.due,
        d.get_status_display(),
    ]


DELIVERY_HEADERS = [
    gettext_lazy("Código IBGE"),
    gettext_lazy("Município"),
    gettext_lazy("Ação"),
    gettext_lazy("Unidade ofertante"),
    gettext_lazy("Entrega"),
    gettext_lazy("Peso"),
    gettext_lazy("Prazo"),
    gettext_lazy("Situação"),
]


class Tables:
    """The dashboard's tables: the same rows on the page, on its table page and in CSV/XLSX."""

    TITLES = {
        "municipios": gettext_lazy("Progresso por município"),
        "atrasadas": gettext_lazy("Entregas atrasadas"),
        "aguardando": gettext_lazy("Evidências aguardando validação"),
        "devolvidas": gettext_lazy("Entregas devolvidas"),
        "indicadores": gettext_lazy("Movimento dos indicadores"),
    }

    def __init__(self, scope, phase, filters, sort, today):
        self.scope, self.phase, self.filters, self.sort, self.today = (
            scope,
            phase,
            filters,
            sort,
            today,
        )
        self.deliveries = queries_monitoring.phase_deliveries(scope, phase, filters)

    def municipios(self):
        return queries_monitoring.municipality_rows(
            self.scope, self.phase, self.filters, self.today, self.sort
        )

    def atrasadas(self):
        return queries_monitoring.late_deliveries(self.deliveries, self.today)

    def aguardando(self):
        return queries_monitoring.waiting_deliveries(self.deliveries)

    def devolvidas(self):
        return queries_monitoring.returned_deliveries(self.deliveries)

    def indicadores(self):
        return queries_monitoring.movement_targets(self.scope, self.phase, self.filters)

    def export(self, name: str):
        """(headers, rows) of a table in the spreadsheet's form."""
        if name == "municipios":
            headers = [
                _("Código IBGE"),
                _("Município"),
                _("Plano"),
                _("Versão aprovada"),
                _("Peso validado"),
                _("Peso total"),
                _("Progresso (%)"),
                _("Entregas"),
                _("Entregas validadas"),
                _("Entregas atrasadas"),
            ]
            rows = (
                [
                    r["municipality"].ibge,
                    r["municipality"].name,
                    r["plan"].get_status_display() if r["plan"] else _("sem plano"),
                    r["plan"].version if r["plan"] else None,
                    r["progress"].validated_weight,
                    r["progress"].total_weight,
                    r["progress"].percent,
                    r["progress"].count,
                    r["progress"].validated_count,
                    r["late"],
                ]
                for r in self.municipios()
            )
        elif name == "aguardando":
            headers = [*DELIVERY_HEADERS, _("Enviada em"), _("Dias úteis aguardando")]
            rows = (
                [*_delivery_cells(r["delivery"]), r["delivery"].submitted_at, r["age"]]
                for r in queries_monitoring.with_ages(self.aguardando(), self.today)
            )
        elif name in ("atrasadas", "devolvidas"):
            headers = DELIVERY_HEADERS
            rows = (_delivery_cells(d) for d in getattr(self, name)())
        elif name == "indicadores":
            headers = [
                _("Código IBGE"),
                _("Município"),
                _("Ação"),
                _("Indicador"),
                _("Linha de base"),
                _("Período da linha de base"),
                _("Valor mais recente"),
                _("Período do valor"),
                _("Meta"),
                _("Parcela do caminho (%)"),
                _("Leitura"),
            ]
            rows = (
                [
                    m.municipality_id,
                    m.target.item.plan.adhesion.municipality.name,
                    m.target.item.action.title,
                    m.indicator.name,
                    m.baseline,
                    m.baseline_period,
                    m.latest,
                    m.latest_period,
                    m.goal,
                    m.percent,
                    m.wording,
                ]
                for m in movement.movements(self.indicadores())
            )
        else:
            raise Http404
        return headers, rows


def _filters(request, scope):
    program = scope.program
    phases = list(program.phases.all())
    phase = queries_monitoring.phase_or_current(program, request.GET.get("fase", ""))
    if phase is None:
        raise Http404
    choices = queries_monitoring.filter_choices(scope, phase)
    form = MonitoringFilterForm(request.GET or None, phases=phases, phase=phase, choices=choices)
    filters = form.filters() if form.is_valid() else queries_monitoring.Filters()
    sort = (form.cleaned_data.get("ordem") if form.is_bound and form.is_valid() else "") or "name"
    return phase, form, filters, sort


def _query(phase, filters, **extra) -> str:
    return urlencode({"fase": phase.slug, **filters.query(), **extra})


def _staff_crumbs(program, *tail):
    return [
        (_("Gestão de programas"), reverse("programs:staff_programs")),
        (program.name, reverse("programs:staff_program", args=[program.slug])),
        *tail,
    ]


def _export(tables: Tables, name: str, fmt: str, program, phase):
    headers, rows = tables.export(name)
    stem = f"{program.slug}-{phase.slug}-{name}"
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(
            f"{stem}.xlsx", headers, rows, title=str(Tables.TITLES[name])
        )
    return spreadsheets.csv_response(f"{stem}.csv", headers, rows)


@login_required
def dashboard(request, slug):
    scope = queries_monitoring.get_monitoring_for(request.user, slug)
    program = scope.program
    phase, form, filters, sort = _filters(request, scope)
    today = timezone.localdate()
    tables = Tables(scope, phase, filters, sort, today)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(tables, request.GET.get("table", ""), export, program, phase)
    rows = tables.municipios()
    formula = reverse("programs:monitoring_progress", args=[program.slug])
    for row in rows:
        row["formula_url"] = (
            f"{formula}?{_query(phase, filters, municipio=row['municipality'].ibge)}"
        )
    targets = tables.indicadores()
    movements_count = targets.count()
    adhered = {a.municipality_id for a in queries.active_adhesions(program, phase)}
    context = {
        "program": program,
        "phase": phase,
        "scope": scope,
        "form": form,
        "sort": sort,
        "rows": rows,
        "figure": progress.total(tables.deliveries),
        "adhesion_map": adhesion_map(program, phase, adhered),
        "adhered_count": len(adhered),
        "progress_map": queries_monitoring.progress_map(program, phase, rows),
        "late": _preview(tables.atrasadas()),
        "waiting": _preview(tables.aguardando(), ages=today),
        "returned": _preview(tables.devolvidas()),
        "movements_count": movements_count,
        "movements_preview": movement.movements(targets[:PREVIEW]),
        "movements_more": movements_count > PREVIEW,
        "formula_url": f"{formula}?{_query(phase, filters)}",
        "query": _query(phase, filters),
        "sort_query": _query(phase, filters),
        "today": today,
        # The meetings' decisions still to do; the program's managers follow them all.
        "tasks": list(queries_meetings.open_tasks(program, phase)[:PREVIEW]) if scope.all else None,
        "breadcrumbs": _staff_crumbs(program, (_("Monitoramento"), None)),
    }
    return render(request, "programs/monitoring/dashboard.html", context)


def _preview(qs, ages=None):
    count = qs.count()
    rows = list(qs[:PREVIEW])
    if ages is not None:
        rows = queries_monitoring.with_ages(rows, ages)
    return {"rows": rows, "count": count, "more": count > PREVIEW}


@login_required
def table(request, slug, name):
    scope = queries_monitoring.get_monitoring_for(request.user, slug)
    if name not in Tables.TITLES or name == "municipios":
        raise Http404
    program = scope.program
    phase, form, filters, sort = _filters(request, scope)
    today = timezone.localdate()
    tables = Tables(scope, phase, filters, sort, today)
    found = getattr(tables, name)()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if name == "aguardando":
        rows = queries_monitoring.with_ages(rows, today)
    elif name == "indicadores":
        rows = movement.movements(rows)
    title = Tables.TITLES[name]
    return render(
        request,
        "programs/monitoring/table.html",
        {
            "program": program,
            "phase": phase,
            "name": name,
            "title": title,
            "ages": name == "aguardando",
            "rows": rows,
            "page_obj": page,
            "query": _query(phase, filters),
            "breadcrumbs": _staff_crumbs(
                program,
                (
                    _("Monitoramento"),
                    reverse("programs:monitoring", args=[program.slug])
                    + "?"
                    + _query(phase, filters),
                ),
                (title, None),
            ),
        },
    )


def formula_context(request, deliveries, figure):
    listed = queries_monitoring.flag_late(progress.behind(deliveries))
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return {"figure": figure, "page_obj": page, "deliveries": list(page.object_list)}


@login_required
def staff_formula(request, slug):
    """The formula behind the dashboard's figure, with the dashboard's filters."""
    scope = queries_monitoring.get_monitoring_for(request.user, slug)
    program = scope.program
    phase, form, filters, sort = _filters(request, scope)
    deliveries = queries_monitoring.phase_deliveries(scope, phase, filters)
    context = {
        "program": program,
        "phase": phase,
        "subject": _formula_subject(phase, filters),
        "back": reverse("programs:monitoring", args=[program.slug]) + "?" + _query(phase, filters),
        "public": False,
        "breadcrumbs": _staff_crumbs(
            program,
            (
                _("Monitoramento"),
                reverse("programs:monitoring", args=[program.slug]) + "?" + _query(phase, filters),
            ),
            (_("Como o progresso é calculado"), None),
        ),
        **formula_context(request, deliveries, progress.total(deliveries)),
    }
    return render(request, "programs/monitoring/formula.html", context)


def _formula_subject(phase, filters) -> str:
    parts = [phase.name]
    if filters.challenge is not None:
        parts.append(_("desafio %(name)s") % {"name": filters.challenge.name})
    if filters.action is not None:
        parts.append(_("ação %(name)s") % {"name": filters.action.title})
    if filters.unit is not None:
        parts.append(filters.unit.name)
    if filters.municipality is not None:
        parts.append(
            Municipality.objects.filter(pk=filters.municipality)
            .values_list("name", flat=True)
            .first()
            or str(filters.municipality)
        )
    return " · ".join(parts)
