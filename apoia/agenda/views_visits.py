"""Pages of the technical visits from indicators (staff only; others get 404): proposals,
their trips and the decisions on each visit, and the report after the visit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.accounts.models import Membership, OrgUnit, Role, User
from apoia.agenda import queries
from apoia.agenda.forms_visits import (
    AcceptForm,
    DropForm,
    FindingFormSet,
    MoveForm,
    PlanForm,
    RecommendationFormSet,
    ReportForm,
)
from apoia.agenda.models import ProposalStatus, VisitReport
from apoia.agenda.services import visits as services


def _crumbs(*tail):
    return [
        (_("Agenda"), reverse("agenda:index")),
        (_("Visitas técnicas"), reverse("agenda:visit_plans") if tail else None),
        *tail,
    ]


def _messages(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _require_staff(request):
    if not queries.is_agenda_staff(request.user):
        raise Http404


@login_required
def visit_plans(request):
    _require_staff(request)
    qs = queries.visit_plans_visible_to(request.user).order_by("-year", "-created_at")
    uf = request.GET.get("uf", "").strip().upper()[:2]
    year = request.GET.get("ano", "").strip()
    if uf:
        qs = qs.filter(state__uf=uf)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/visits/plans.html",
        {
            "page_obj": page,
            "plans": page.object_list,
            "states": queries.staff_states(request.user),
            "uf": uf,
            "year": year,
            "breadcrumbs": _crumbs(),
        },
    )


def _sources(user):
    from apoia.indicators.models import Indicator, Ranking

    states = list(queries.staff_states(user))
    rankings = Ranking.objects.filter(state__in=states).select_related("state")
    indicators = (
        Indicator.objects.filter(is_published=True, rules__is_active=True)
        .distinct()
        .order_by("name")
    )
    return states, list(rankings), list(indicators)


@login_required
def visit_plan_new(request):
    _require_staff(request)
    from apoia.indicators.models import Indicator, Ranking

    states, rankings, indicators = _sources(request.user)
    initial = {"year": timezone.localdate().year}
    if request.GET.get("lista", "").isdigit():
        initial["ranking"] = request.GET["lista"]
    form = PlanForm(
        request.POST or None,
        initial=initial,
        states=states,
        rankings=rankings,
        indicators=indicators,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        state = next(s for s in states if str(s.pk) == data["state"])
        ranking = indicator = None
        if data["source"] == "ranking" and data["ranking"]:
            ranking = Ranking.objects.filter(pk=data["ranking"]).first()
        elif data["source"] == "rule" and data["indicator"]:
            indicator = Indicator.objects.filter(code=data["indicator"]).first()
        try:
            plan = services.create_plan(
                state=state,
                year=data["year"],
                by=request.user,
                ranking=ranking,
                indicator=indicator,
                period=data["period"],
                count=data["count"],
                max_stops=data["max_stops"],
                max_km=data["max_km"],
                title=data["title"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Proposta de visitas criada."))
            return redirect("agenda:visit_plan", plan.pk)
    return render(
        request,
        "agenda/visits/plan_form.html",
        {"form": form, "breadcrumbs": _crumbs((_("Nova proposta"), None))},
    )


def _units(state):
    return list(OrgUnit.objects.filter(state=state).order_by("name"))


@login_required
def visit_plan(request, pk):
    plan = queries.get_visit_plan_for(request.user, pk)
    proposals = list(
        plan.proposals.select_related("municipality", "event", "decided_by").order_by(
            "trip", "stop", "pk"
        )
    )
    units = _units(plan.state)
    kms = plan.parameters.get("trip_km", {})
    trips = []
    for proposal in proposals:
        if not trips or trips[-1]["number"] != proposal.trip:
            trips.append({"number": proposal.trip, "km": kms.get(str(proposal.trip)), "rows": []})
        trips[-1]["rows"].append(proposal)
    return render(
        request,
        "agenda/visits/plan_detail.html",
        {
            "plan": plan,
            "trips": trips,
            "accept_form": AcceptForm(units=units),
            "units": units,
            "counts": {
                status: sum(1 for p in proposals if p.status == status)
                for status in ProposalStatus.values
            },
            "capital": services.capital_of(plan.state),
            "now": timezone.now(),
            "breadcrumbs": _crumbs((plan.title, None)),
        },
    )


@login_required
@require_POST
def visit_accept(request, pk):
    proposal = queries.get_visit_proposal_for(request.user, pk)
    form = AcceptForm(request.POST, units=_units(proposal.plan.state))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("agenda:visit_plan", proposal.plan_id)
    unit = OrgUnit.objects.filter(pk=form.cleaned_data["unit"]).first()
    try:
        services.accept(
            proposal,
            by=request.user,
            day=form.cleaned_data["day"],
            unit=unit,
            technician=form.cleaned_data["technician"],
        )
    except PermissionDenied:
        raise Http404 from None
    except services.ProposalClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(
            request,
            _("Visita a %(municipality)s agendada e publicada na agenda.")
            % {"municipality": proposal.municipality.name},
        )
    return redirect("agenda:visit_plan", proposal.plan_id)


@login_required
@require_POST
def visit_drop(request, pk):
    proposal = queries.get_visit_proposal_for(request.user, pk)
    form = DropForm(request.POST)
    try:
        services.drop(proposal, by=request.user, reason=form.data.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except services.ProposalClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, _("Visita descartada."))
    return redirect("agenda:visit_plan", proposal.plan_id)


@login_required
@require_POST
def visit_move(request, pk):
    proposal = queries.get_visit_proposal_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Informe o roteiro e a posição com números."))
        return redirect("agenda:visit_plan", proposal.plan_id)
    try:
        services.move(
            proposal,
            by=request.user,
            trip=form.cleaned_data["trip"],
            stop=form.cleaned_data["stop"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, _("Roteiro atualizado."))
    return redirect("agenda:visit_plan", proposal.plan_id)


def owner_choices(event, municipality):
    """("user:<id>" | "unit:<id>", label): the state's staff, the municipality's focal points,
    the state's units."""
    staff = (
        User.objects.filter(
            is_active=True,
            memberships__role__in=(Role.COORDINATOR, Role.TECHNICIAN),
            memberships__org_unit__state=event.state,
        )
        .distinct()
        .order_by("full_name")
    )
    people = [(f"user:{u.pk}", u.full_name) for u in staff]
    if municipality is not None:
        focal = Membership.objects.filter(
            role=Role.MUNICIPAL, municipality=municipality, user__is_active=True
        ).select_related("user")
        people += [
            (f"user:{m.user_id}", f"{m.user.full_name} ({municipality.name})") for m in focal
        ]
    units = [(f"unit:{u.pk}", u.name) for u in _units(event.state)]
    return [(_("Pessoas"), people), (_("Unidades"), units)]


def parse_owner(value: str) -> dict:
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return {}
    if kind == "user":
        return {"owner_user": User.objects.filter(pk=int(pk), is_active=True).first()}
    if kind == "unit":
        return {"owner_unit": OrgUnit.objects.filter(pk=int(pk)).first()}
    return {}


@login_required
def visit_report(request, pk):
    event = queries.get_visit_event_for(request.user, pk)
    municipality = services.visit_municipality(event)
    report = VisitReport.objects.filter(event=event).first()
    if report is not None:
        return render(
            request,
            "agenda/visits/report_detail.html",
            {
                "event": event,
                "report": report,
                "municipality": municipality,
                "tasks": services.tasks_of(report),
                "breadcrumbs": _crumbs(
                    (event.title, event.get_absolute_url()), (_("Relatório da visita"), None)
                ),
            },
        )
    owners = owner_choices(event, municipality)
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data)
    findings = FindingFormSet(data, prefix="findings")
    recommendations = RecommendationFormSet(
        data, prefix="recommendations", form_kwargs={"owners": owners}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and findings.is_valid()
        and recommendations.is_valid()
    ):
        try:
            services.write_report(
                event,
                by=request.user,
                people_met=form.cleaned_data["people_met"],
                summary=form.cleaned_data["summary"],
                findings=[f.cleaned_data for f in findings if f.cleaned_data],
                recommendations=[
                    {
                        "text": r.cleaned_data.get("text", ""),
                        "due": r.cleaned_data.get("due"),
                        **parse_owner(r.cleaned_data.get("owner", "")),
                    }
                    for r in recommendations
                    if r.cleaned_data
                ],
            )
        except PermissionDenied:
            raise Http404 from None
        except services.ProposalClosed as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Relatório registrado; as recomendações viraram tarefas."))
            return redirect("agenda:visit_report", event.pk)
    return render(
        request,
        "agenda/visits/report_form.html",
        {
            "event": event,
            "municipality": municipality,
            "form": form,
            "findings": findings,
            "recommendations": recommendations,
            "breadcrumbs": _crumbs(
                (event.title, event.get_absolute_url()), (_("Relatório da visita"), None)
            ),
        },
    )
