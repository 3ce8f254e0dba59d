"""Plan pages: the focal point's builder, the plan page (items, baselines, targets,
deliveries, versions and their differences, history) and the managing unit's queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.programs import queries, queries_menu, queries_plans
from apoia.programs.forms_plans import DecisionForm, PlanFilterForm, PlanForm
from apoia.programs.history import history_rows
from apoia.programs.models import Plan, PlanStatus
from apoia.programs.services import plans as services
from apoia.programs.views_staff import _managed


def _crumbs(adhesion, *tail):
    return [
        (_("Programas"), reverse("programs:list")),
        (adhesion.program.name, adhesion.program.get_absolute_url()),
        (str(adhesion.municipality), reverse("programs:adhesion", args=[adhesion.pk])),
        *tail,
    ]


@login_required
def plan_edit(request, pk):
    adhesion = queries.get_adhesion_for(request.user, pk)
    if not queries_plans.may_edit(request.user, adhesion):
        raise PermissionDenied(_("Só os pontos focais do município montam e alteram o plano."))
    plan = Plan.objects.filter(adhesion=adhesion).first()
    if plan is not None and plan.status == PlanStatus.SUBMITTED:
        messages.info(
            request, _("O plano está em análise; ele volta a ser editável se for devolvido.")
        )
        return redirect(plan)
    today = timezone.localdate()
    suggestions = queries_menu.suggested_actions(adhesion)
    form = PlanForm(
        request.POST or None, adhesion=adhesion, suggestions=suggestions, plan=plan, today=today
    )
    status = 200
    if request.method == "POST":
        items = form.items() if form.is_valid() else None
        if items is not None and not form.errors:
            try:
                save = (
                    services.save_and_submit_plan
                    if "submit" in request.POST
                    else services.save_plan
                )
                plan = save(
                    adhesion,
                    items=items,
                    reason=form.cleaned_data.get("reason", ""),
                    by=request.user,
                    today=today,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    form.put_errors(exc.message_dict)
                else:
                    for message in exc.messages:
                        form.add_error(None, message)
            except services.PlanTransitionError as exc:
                messages.error(request, exc.message)
                return redirect("programs:adhesion", adhesion.pk)
            else:
                submitted = "submit" in request.POST
                messages.success(
                    request, _("Plano enviado para análise.") if submitted else _("Plano salvo.")
                )
                return redirect(plan)
        status = 422
    title = _("Plano de ação de %(municipality)s") % {"municipality": adhesion.municipality.name}
    return render(
        request,
        "programs/plan_edit.html",
        {
            "adhesion": adhesion,
            "plan": plan,
            "form": form,
            "blocks": form.bound_blocks(),
            "title": title,
            "breadcrumbs": _crumbs(adhesion, (_("Plano de ação"), None)),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk):
    plan = queries_plans.get_plan_for(request.user, pk, projects=True)
    if plan.adhesion_id is None:
        return redirect(plan.get_absolute_url())  # a strategic project's plan: its page
    adhesion = plan.adhesion
    items = queries_plans.plan_items(plan)
    versions = queries_plans.versions_of(plan)
    may_decide = queries_plans.may_decide(request.user, plan)
    decision_form = (
        DecisionForm(items=items) if may_decide and plan.status == PlanStatus.SUBMITTED else None
    )
    return render(
        request,
        "programs/plan_detail.html",
        {
            "plan": plan,
            "adhesion": adhesion,
            "items": items,
            "changes": queries_plans.version_changes(versions),
            "may_edit": queries_plans.may_edit(request.user, adhesion)
            and plan.status != PlanStatus.SUBMITTED,
            "may_submit": queries_plans.may_edit(request.user, adhesion)
            and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
            "decision_form": decision_form,
            "age": queries_plans.age_days(plan),
            "history": history_rows(queries_plans.plan_history(plan)),
            "breadcrumbs": _crumbs(adhesion, (_("Plano de ação"), None)),
        },
    )


@login_required
@require_POST
def plan_submit(request, pk):
    plan = queries_plans.get_plan_for(request.user, pk)
    try:
        services.submit_plan(plan, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if queries_plans.may_edit(request.user, plan.adhesion):
            return redirect("programs:plan_edit", plan.adhesion_id)
    except services.PlanTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Plano enviado para análise."))
    return redirect(plan)


@login_required
@require_POST
def plan_decide(request, pk):
    plan = queries_plans.get_plan_for(request.user, pk)
    form = DecisionForm(request.POST, items=list(plan.items.select_related("action")))
    if not form.is_valid():
        messages.error(
            request, _("Escolha aprovar ou devolver; comentários de até 4.000 caracteres.")
        )
        return redirect(plan)
    approved = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_plan(
            plan,
            approved=approved,
            comment=form.cleaned_data["comment"],
            item_comments=form.item_comments(),
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except services.PlanTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Plano aprovado.") if approved else _("Plano devolvido ao município.")
        )
    return redirect(plan)


@login_required
def plan_queue(request, slug):
    program = _managed(request.user, slug)
    form = PlanFilterForm(request.GET or None)
    qs = queries_plans.plans_visible_to(request.user).filter(adhesion__program=program)
    if form.is_valid():
        qs = queries_plans.filter_plans(
            qs,
            status=form.cleaned_data["status"],
            municipality=form.cleaned_data["municipality"],
        )
    today = timezone.localdate()
    rows = [
        {"plan": plan, "age": queries_plans.age_days(plan, today)}
        for plan in qs.order_by("adhesion__municipality__name")
    ]
    counts = {s: 0 for s in PlanStatus.values}
    for plan in queries_plans.plans_visible_to(request.user).filter(adhesion__program=program):
        counts[plan.status] += 1
    return render(
        request,
        "programs/plan_queue.html",
        {
            "program": program,
            "form": form,
            "rows": rows,
            "counts": [(label, counts[value]) for value, label in PlanStatus.choices],
            "breadcrumbs": [
                (_("Gestão de programas"), reverse("programs:staff_programs")),
                (program.name, reverse("programs:staff_program", args=[program.slug])),
                (_("Planos de ação"), None),
            ],
        },
    )
