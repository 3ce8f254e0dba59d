"""Pages of the annual technical-support plan. The plan is an act published in the state's
gazette: its page and its planned versus done (page, PDF, XLSX) are public. Its state's agenda
staff create and edit it, its entries and axes, and change each entry's status; anyone else
asking for those pages gets 404 (queries)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from apoia.accounts.models import OrgUnit
from apoia.agenda import plan_pdf, plan_xlsx, queries
from apoia.agenda.forms_plan import AxisForm, EntryForm, EntryStatusForm, PlanFilterForm, PlanForm
from apoia.agenda.models import Axis, EntryStatus, Strategy
from apoia.agenda.queries_plan import execution, month_name
from apoia.agenda.services import plan as services
from apoia.lib import spreadsheets
from apoia.territory.models import State

PER_PAGE = 20


def _crumbs(*tail):
    return [
        (_("Agenda de apoio técnico"), reverse("agenda:index")),
        (_("Planos de apoio técnico"), reverse("agenda:plans") if tail else None),
        *tail,
    ]


def _plan_crumb(plan, link=True):
    return (f"{plan.state.uf} {plan.year}", plan.get_absolute_url() if link else None)


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _staff_only(user) -> None:
    if not queries.is_agenda_staff(user):
        raise Http404


def _staff_state(user, pk) -> State:
    states = {str(s.pk): s for s in queries.staff_states(user)}
    if str(pk) not in states:
        raise Http404
    return states[str(pk)]


def plans(request):
    data = None
    if request.GET:
        data = request.GET.copy()
        data["uf"] = data.get("uf", "").lower()
    form = PlanFilterForm(data, states=State.objects.order_by("name"))
    qs = queries.plans_visible().order_by("state__uf", "-year")
    uf = ""
    if form.is_bound and form.is_valid() and form.cleaned_data["uf"]:
        uf = form.cleaned_data["uf"]
        qs = qs.filter(state__uf=uf.upper())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/plan/plans.html",
        {
            "form": form,
            "page_obj": page,
            "plans": page.object_list,
            "uf": uf,
            "may_create": queries.is_agenda_staff(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


def _entry_row(entry, events):
    return {
        "entry": entry,
        "months": [month_name(m) for m in entry.months or ()],
        "events": events.get(entry.pk, []),
    }


def plan_detail(request, uf, year):
    plan = queries.get_plan(uf, year)
    events: dict[int, list] = {}
    for event in queries.plan_events_visible_to(request.user, plan).order_by("start", "pk"):
        events.setdefault(event.plan_entry_id, []).append(event)
    groups = []
    entries = plan.entries.select_related("axis", "strategy", "unit").order_by(
        "axis__order", "axis__name", "order", "pk"
    )
    for entry in entries:
        if not groups or groups[-1]["axis"].pk != entry.axis_id:
            groups.append({"axis": entry.axis, "rows": []})
        groups[-1]["rows"].append(_entry_row(entry, events))
    return render(
        request,
        "agenda/plan/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "staff": queries.may_manage_plan(request.user, plan),
            "uf": plan.state.uf.lower(),
            "breadcrumbs": _crumbs(_plan_crumb(plan, link=False)),
        },
    )


def _downloads(plan):
    args = [plan.state.uf.lower(), plan.year]
    return {
        "pdf_url": reverse("agenda:plan_execution_pdf", args=args),
        "xlsx_url": reverse("agenda:plan_execution_xlsx", args=args),
    }


def plan_execution(request, uf, year):
    plan = queries.get_plan(uf, year)
    return render(
        request,
        "agenda/plan/execution.html",
        {
            "plan": plan,
            "figures": execution(plan),
            **_downloads(plan),
            "breadcrumbs": _crumbs(_plan_crumb(plan), (_("Planejado e realizado"), None)),
        },
    )


def _filename(plan, extension: str) -> str:
    return f"plano-apoio-tecnico-{plan.state.uf.lower()}-{plan.year}-execucao.{extension}"


def plan_execution_pdf(request, uf, year):
    plan = queries.get_plan(uf, year)
    content = plan_pdf.execution_pdf(execution(plan), generated_at=timezone.now())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, "pdf")}"'
    return response


def plan_execution_xlsx(request, uf, year):
    plan = queries.get_plan(uf, year)
    content = plan_xlsx.execution_workbook(execution(plan))
    return spreadsheets.xlsx_bytes_response(_filename(plan, "xlsx"), content)


# --- staff ------------------------------------------------------------------------------------


@login_required
def plan_create(request):
    _staff_only(request.user)
    states = list(queries.staff_states(request.user))
    initial = {"year": timezone.localdate().year}
    uf = (request.GET.get("uf") or "").upper()
    for state in states:
        if state.uf == uf or len(states) == 1:
            initial["state"] = state.pk
    form = PlanForm(request.POST or None, states=states, initial=initial)
    if request.method == "POST" and form.is_valid():
        state = _staff_state(request.user, form.cleaned_data["state"])
        try:
            plan = services.create_plan(
                by=request.user, state=state, year=form.cleaned_data["year"], **form.plan_data()
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Plano criado. Agora inclua as suas ações."))
            return redirect(plan)
    title = _("Novo plano de apoio técnico")
    return render(
        request,
        "agenda/plan/plan_form.html",
        {"form": form, "title": title, "breadcrumbs": _crumbs((title, None))},
    )


@login_required
def plan_edit(request, uf, year):
    plan = queries.get_managed_plan(request.user, uf, year)
    initial = {f: getattr(plan, f) for f in ("act", "act_date", "act_url", "title", "summary")}
    form = PlanForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan, by=request.user, **form.plan_data())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Plano salvo."))
            return redirect(plan)
    title = _("Editar o plano")
    return render(
        request,
        "agenda/plan/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "title": title,
            "breadcrumbs": _crumbs(_plan_crumb(plan), (title, None)),
        },
    )


def _entry_form(request, plan, initial=None):
    return EntryForm(
        request.POST or None,
        initial=initial,
        axes=Axis.objects.filter(state=plan.state),
        strategies=Strategy.objects.all(),
        units=OrgUnit.objects.filter(state=plan.state).order_by("name"),
    )


def _entry_page(request, plan, form, title, entry=None):
    return render(
        request,
        "agenda/plan/entry_form.html",
        {
            "form": form,
            "plan": plan,
            "entry": entry,
            "title": title,
            "axis_url": reverse("agenda:plan_axis_create")
            + "?"
            + urlencode({"uf": plan.state.uf.lower(), "next": request.path}),
            "breadcrumbs": _crumbs(_plan_crumb(plan), (title, None)),
        },
    )


@login_required
def entry_create(request, uf, year):
    plan = queries.get_managed_plan(request.user, uf, year)
    form = _entry_form(request, plan, initial={"audience": _default_audience(plan)})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_entry(plan, by=request.user, **form.entry_data())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Ação incluída no plano."))
            return redirect(plan)
    return _entry_page(request, plan, form, _("Nova ação do plano"))


def _default_audience(plan) -> str:
    last = plan.entries.exclude(audience="").order_by("-order", "-pk").first()
    return last.audience if last else ""


@login_required
def entry_edit(request, uf, year, pk):
    plan = queries.get_managed_plan(request.user, uf, year)
    entry = queries.get_managed_plan_entry(request.user, plan, pk)
    initial = {
        "axis": entry.axis_id,
        "strategy": entry.strategy_id,
        "modality": entry.modality,
        "title": entry.title,
        "unit": entry.unit_id,
        "months": entry.months,
        "audience": entry.audience,
        "order": entry.order,
    }
    form = _entry_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(entry, by=request.user, **form.entry_data())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Ação salva."))
            return redirect(plan)
    return _entry_page(request, plan, form, _("Editar ação do plano"), entry)


@login_required
def entry_status(request, uf, year, pk):
    plan = queries.get_managed_plan(request.user, uf, year)
    entry = queries.get_managed_plan_entry(request.user, plan, pk)
    form = EntryStatusForm(
        request.POST or None, initial={"status": entry.status, "reason": entry.cancel_reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_entry_status(
                entry,
                form.cleaned_data["status"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            entry.refresh_from_db()
            messages.success(
                request,
                _("Situação de “%(title)s”: %(status)s.")
                % {"title": entry.title, "status": entry.get_status_display().lower()},
            )
            return redirect(plan)
    title = _("Situação da ação")
    return render(
        request,
        "agenda/plan/entry_status.html",
        {
            "form": form,
            "plan": plan,
            "entry": entry,
            "title": title,
            "cancelled": EntryStatus.CANCELLED,
            "breadcrumbs": _crumbs(_plan_crumb(plan), (title, None)),
        },
    )


@login_required
def axis_create(request):
    _staff_only(request.user)
    states = list(queries.staff_states(request.user))
    uf = (request.GET.get("uf") or "").upper()
    initial = {}
    for state in states:
        if state.uf == uf or len(states) == 1:
            initial["state"] = state.pk
    form = AxisForm(request.POST or None, states=states, initial=initial)
    if request.method == "POST" and form.is_valid():
        state = _staff_state(request.user, form.cleaned_data["state"])
        try:
            axis = services.create_axis(
                by=request.user, state=state, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Eixo “%(name)s” criado em %(uf)s.") % {"name": axis.name, "uf": state.uf},
            )
            back = request.GET.get("next", "")
            if back.startswith("/agenda/planos/") and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}
            ):
                return redirect(back)
            return redirect("agenda:plans")
    title = _("Novo eixo")
    existing = Axis.objects.filter(state__in=states).select_related("state")
    return render(
        request,
        "agenda/plan/axis_form.html",
        {
            "form": form,
            "title": title,
            "axes": existing,
            "breadcrumbs": _crumbs((title, None)),
        },
    )
