"""Strategic project pages (issue 10, item 9): the list of projects with their progress, and a
project's page with its goals, deliveries, plan approval and history. Scope and "who may" are
in queries_projects; the approval in services/projects."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.programs import queries_plans, queries_projects
from apoia.programs.forms_projects import ApproveProjectPlanForm
from apoia.programs.history import history_rows
from apoia.programs.models import PlanStatus
from apoia.programs.services import projects as services
from apoia.programs.services.plans import PlanTransitionError

HISTORY_ROWS = 50


def _require_list(user) -> None:
    if not queries_projects.may_see_projects(user):
        raise Http404


@login_required
def project_list(request):
    _require_list(request.user)
    today = timezone.localdate()
    rows = [
        queries_projects.overview(program, today)
        for program in queries_projects.projects_visible_to(request.user).order_by("name")
    ]
    return render(
        request,
        "programs/projects/list.html",
        {"rows": rows, "breadcrumbs": [(_("Projetos estratégicos"), None)]},
    )


def _formula_url(program, phase, goal=None) -> str:
    query = {"fase": phase.slug}
    if goal is not None:
        query["acao"] = goal.pk
    return reverse("programs:monitoring_progress", args=[program.slug]) + "?" + urlencode(query)


def _page(request, program, *, form=None, status=200, phase_slug=None):
    user = request.user
    today = timezone.localdate()
    phase_slug = request.GET.get("fase", "") if phase_slug is None else phase_slug
    found = queries_projects.overview(program, today, phase_slug)
    if found["phase"] is None and phase_slug:
        raise Http404
    plan, phase = found["plan"], found["phase"]
    for row in found["goals"]:
        row.formula_url = _formula_url(program, phase, row.goal)
    may_approve = (
        queries_projects.may_approve(user, program)
        and phase is not None
        and (
            plan is None
            or plan.status != PlanStatus.APPROVED
            or queries_projects.has_new_goals(plan, [row.goal for row in found["goals"]])
        )
    )
    revision = plan is not None and plan.version >= 1
    if may_approve and form is None:
        form = ApproveProjectPlanForm(revision=revision)
    history = []
    versions = []
    if plan is not None:
        versions = queries_plans.versions_of(plan)
        history = history_rows(queries_plans.plan_history(plan)[:HISTORY_ROWS])
    context = {
        **found,
        "today": today,
        "phases": list(program.phases.order_by("order")),
        "may_approve": may_approve,
        "approve_form": form if may_approve else None,
        "revision": revision,
        "versions": versions,
        "history": history,
        "formula_url": _formula_url(program, phase) if phase else "",
        "may_edit_goals": queries_projects.may_approve(user, program),
        "breadcrumbs": [
            (_("Projetos estratégicos"), reverse("programs:projects")),
            (program.name, None),
        ],
        "approved": plan is not None and plan.status == PlanStatus.APPROVED,
    }
    return render(request, "programs/projects/detail.html", context, status=status)


@login_required
def project_detail(request, slug):
    program = queries_projects.get_project_for(request.user, slug)
    return _page(request, program)


@login_required
@require_POST
def project_approve(request, slug):
    program = queries_projects.get_project_for(request.user, slug)
    if not queries_projects.may_approve(request.user, program):
        raise PermissionDenied(_("Só a unidade gestora do projeto aprova o seu plano."))
    phase = queries_projects.project_phase(program, request.POST.get("fase", ""))
    if phase is None:
        raise Http404
    plan = queries_projects.project_plan(phase)
    form = ApproveProjectPlanForm(request.POST, revision=plan is not None and plan.version >= 1)
    back = program.get_absolute_url() + "?" + urlencode({"fase": phase.slug})
    if not form.is_valid():
        return _page(request, program, form=form, status=422, phase_slug=phase.slug)
    try:
        services.approve_project_plan(
            program, phase=phase, reason=form.cleaned_data.get("reason", ""), by=request.user
        )
    except ValidationError as exc:
        found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, errors in found.items():
            target = "reason" if field == "reason" and "reason" in form.fields else None
            form.add_error(target, errors)
        return _page(request, program, form=form, status=422, phase_slug=phase.slug)
    except PlanTransitionError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Plano do projeto aprovado: os prazos das entregas estão fixados."))
    return redirect(back)
