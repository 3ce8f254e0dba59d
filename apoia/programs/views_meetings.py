"""Monitoring meeting pages: the staff list per program, scheduling, the meeting page (the
generated agenda, attendance, minutes, decisions and their tasks) and a focal point's list of
the meetings its municipality was invited to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.accounts.models import Role
from apoia.programs import queries, queries_meetings
from apoia.programs.forms_meetings import AttendanceForm, DecisionForm, MeetingForm, MinutesForm
from apoia.programs.models import MeetingStatus
from apoia.programs.services import meetings as services
from apoia.programs.services.meetings import TaskData
from apoia.programs.views_staff import _managed
from apoia.territory.calendar import state_timezone

PAGE_SIZE = 20


def _staff_crumbs(program, *tail):
    return [
        (_("Gestão de programas"), reverse("programs:staff_programs")),
        (program.name, reverse("programs:staff_program", args=[program.slug])),
        *tail,
    ]


def _phase_of(program, slug):
    phase = program.phases.filter(slug=slug).first() if slug else None
    return phase or queries.current_phase(program)


@login_required
def meeting_list(request, slug):
    program = _managed(request.user, slug)
    phase_slug = request.GET.get("fase", "")
    phase = program.phases.filter(slug=phase_slug).first() if phase_slug else None
    qs = queries_meetings.meetings_of(request.user, program, phase)
    page_obj = Paginator(qs.order_by("-starts_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "programs/meetings/list.html",
        {
            "program": program,
            "phases": list(program.phases.all()),
            "phase": phase,
            "page_obj": page_obj,
            "meetings": list(page_obj),
            "may_run": queries_meetings.may_run(request.user, program),
            "breadcrumbs": _staff_crumbs(program, (_("Reuniões de monitoramento"), None)),
        },
    )


@login_required
def meeting_new(request, slug):
    program = _managed(request.user, slug)
    phase = _phase_of(program, request.GET.get("fase") or request.POST.get("fase"))
    municipalities = list(queries_meetings.adhered_municipalities(phase)) if phase else []
    form = MeetingForm(request.POST or None, municipalities=municipalities)
    status = 200
    if request.method == "POST":
        if form.is_valid() and phase is not None:
            try:
                meeting = services.create_meeting(
                    program=program,
                    phase=phase,
                    title=form.cleaned_data["title"],
                    starts_at=form.starts_at(state_timezone(program.state.uf)),
                    modality=form.cleaned_data["modality"],
                    place=form.cleaned_data["place"],
                    link=form.cleaned_data["link"],
                    invited=form.cleaned_data["invited"],
                    all_adhered=form.cleaned_data["all_adhered"],
                    by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Reunião agendada."))
                return redirect(meeting)
        status = 422
    return render(
        request,
        "programs/meetings/form.html",
        {
            "program": program,
            "phase": phase,
            "phases": list(program.phases.all()),
            "form": form,
            "breadcrumbs": _staff_crumbs(
                program,
                (_("Reuniões de monitoramento"), reverse("programs:meetings", args=[program.slug])),
                (_("Nova reunião"), None),
            ),
        },
        status=status,
    )


def _forms(meeting, invited, attendance, data=None, which=None):
    people, units = queries_meetings.task_owner_choices(meeting)
    return {
        "attendance_form": AttendanceForm(
            data if which == "attendance" else None, invited=invited, attendance=attendance
        ),
        "minutes_form": MinutesForm(
            data if which == "minutes" else None, initial={"minutes": meeting.minutes}
        ),
        "decision_form": DecisionForm(
            data if which == "decision" else None, invited=invited, people=people, units=units
        ),
    }


def _meeting_page(request, meeting, *, forms=None, status=200):
    program = meeting.phase.program
    only = queries_meetings.viewer_municipalities(request.user, meeting)
    may_run = only is None
    invited = list(meeting.invited.order_by("name"))
    attendance = queries_meetings.attendance_of(meeting)
    decisions = queries_meetings.decisions_of(meeting, only)
    tasks = queries_meetings.tasks_by_decision(decisions)
    context = {
        "meeting": meeting,
        "program": program,
        "agenda": queries_meetings.agenda_for_display(queries_meetings.agenda(meeting, only=only)),
        "held": meeting.status == MeetingStatus.HELD,
        "may_run": may_run and meeting.status != MeetingStatus.CANCELLED,
        "attendance_rows": [
            {"municipality": m, "row": attendance.get(m.pk)}
            for m in invited
            if only is None or m.pk in only
        ],
        "decisions": [{"decision": d, "tasks": tasks.get(d.pk, [])} for d in decisions],
        "open_tasks": [t for d in decisions for t in tasks.get(d.pk, []) if t.status == "open"],
        "breadcrumbs": (
            _staff_crumbs(
                program,
                (_("Reuniões de monitoramento"), reverse("programs:meetings", args=[program.slug])),
                (meeting.title, None),
            )
            if may_run
            else [
                (_("Minhas reuniões"), reverse("programs:my_meetings")),
                (meeting.title, None),
            ]
        ),
    }
    if may_run:
        context.update(forms or _forms(meeting, invited, attendance))
    return render(request, "programs/meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request, pk):
    return _meeting_page(request, queries_meetings.get_meeting_for(request.user, pk))


def _post(request, pk, which, act, done):
    """Run one of the meeting's forms: a refusal re-renders the page (422) with what was typed."""
    meeting = queries_meetings.get_meeting_for(request.user, pk)
    invited = list(meeting.invited.order_by("name"))
    forms = _forms(meeting, invited, queries_meetings.attendance_of(meeting), request.POST, which)
    form = forms[f"{which}_form"]
    if form.is_valid():
        try:
            act(meeting, form)
        except services.MeetingTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(meeting)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field.removeprefix("task.")
                name = {"title": "task_title", "due_in_business_days": "due_days"}.get(name, name)
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, done)
            return redirect(meeting)
    return _meeting_page(request, meeting, forms=forms, status=422)


@login_required
@require_POST
def meeting_attendance(request, pk):
    return _post(
        request,
        pk,
        "attendance",
        lambda meeting, form: services.record_attendance(
            meeting, rows=form.attendance(), by=request.user
        ),
        _("Presenças registradas."),
    )


@login_required
@require_POST
def meeting_minutes(request, pk):
    return _post(
        request,
        pk,
        "minutes",
        lambda meeting, form: services.save_minutes(
            meeting, minutes=form.cleaned_data["minutes"], by=request.user
        ),
        _("Ata salva."),
    )


def _add_decision(request, meeting, form):
    data = form.cleaned_data
    municipality = (
        meeting.invited.filter(pk=int(data["municipality"])).first()
        if data["municipality"]
        else None
    )
    task = None
    if data["make_task"]:
        owner_user, owner_unit = form.owner_objects()
        task = TaskData(
            title=data["task_title"],
            owner_user=owner_user,
            owner_unit=owner_unit,
            due_in_business_days=data["due_days"],
        )
    services.add_decision(
        meeting, text=data["text"], municipality=municipality, task=task, by=request.user
    )


@login_required
@require_POST
def meeting_decision(request, pk):
    return _post(
        request,
        pk,
        "decision",
        lambda meeting, form: _add_decision(request, meeting, form),
        _("Decisão registrada."),
    )


@login_required
@require_POST
def meeting_hold(request, pk):
    meeting = queries_meetings.get_meeting_for(request.user, pk)
    try:
        services.hold_meeting(meeting, by=request.user)
    except services.MeetingTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reunião registrada como realizada; a pauta foi guardada."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = queries_meetings.get_meeting_for(request.user, pk)
    try:
        services.cancel_meeting(meeting, by=request.user)
    except services.MeetingTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reunião cancelada."))
    return redirect(meeting)


@login_required
def my_meetings(request):
    """The meetings the user's municipalities were invited to (a focal point's list); only
    focal points have one (404 otherwise, as the menu shows it only to them)."""
    municipalities = request.user.scope_ids(Role.MUNICIPAL, "municipality")
    if not municipalities:
        raise Http404
    qs = (
        queries_meetings.meetings_visible_to(request.user)
        .filter(invited__in=municipalities)
        .distinct()
        .order_by("-starts_at", "pk")
    )
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/meetings/mine.html",
        {
            "page_obj": page_obj,
            "meetings": list(page_obj),
            "breadcrumbs": [(_("Minhas reuniões"), None)],
        },
    )
