"""The managers' pages of councils: a new council, its edition, a seat, a mandate, a meeting,
its attendance and minutes, a resolution. Who may is asked of
apoia.society.queries_councils (anything else is a 404); every rule is the services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apoia.society import forms_councils as forms
from apoia.society import queries_councils as queries
from apoia.society import services_councils as services
from apoia.society import services_councils_meetings as meeting_services
from apoia.society.views_partnerships_manage import add_service_errors
from apoia.territory.models import State


def _page(request, *, council, form, title, back, crumbs=()):
    return render(
        request,
        "society/councils/form.html",
        {
            "council": council,
            "form": form,
            "title": title,
            "back": back,
            "breadcrumbs": [
                (_("Conselhos"), reverse("society:councils")),
                *(
                    [(council.acronym or council.name, council.get_absolute_url())]
                    if council
                    else []
                ),
                *crumbs,
                (title, ""),
            ],
        },
    )


def _save(request, form, call, success, target):
    """Runs `call(cleaned_data)` for a valid POST; the redirect, or None to show the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(target(result))


@login_required
@require_http_methods(["GET", "POST"])
def council_new(request):
    states = queries.states_for_new_council(request.user)
    if not queries.may_create_council(request.user):
        raise Http404
    form = forms.CouncilForm(request.POST or None, states=states, initial={"requires_parity": True})
    done = _save(
        request,
        form,
        lambda data: services.create_council(by=request.user, **data),
        _("Conselho cadastrado."),
        lambda council: council.get_absolute_url(),
    )
    return done or _page(
        request,
        council=None,
        form=form,
        title=_("Novo conselho"),
        back=reverse("society:councils"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_edit(request, pk):
    council = queries.get_managed_council(request.user, pk)
    states = State.objects.filter(
        pk__in={*queries.states_for_new_council(request.user).values_list("pk", flat=True)}
        | {council.state_id}
    )
    initial = {
        "name": council.name,
        "acronym": council.acronym,
        "state": council.state_id,
        "municipality": council.municipality_id or "",
        "legal_basis": council.legal_basis,
        "policy_area": council.policy_area,
        "requires_parity": council.requires_parity,
        "organization": council.organization_id,
    }
    form = forms.CouncilForm(request.POST or None, states=states, initial=initial)
    done = _save(
        request,
        form,
        lambda data: services.edit_council(by=request.user, council=council, **data),
        _("Conselho atualizado."),
        lambda c: c.get_absolute_url(),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Editar conselho"),
        back=council.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_new(request, pk):
    council = queries.get_managed_council(request.user, pk)
    form = forms.SeatForm(request.POST or None, organizations=queries.seat_organizations(council))
    done = _save(
        request,
        form,
        lambda data: services.add_seat(by=request.user, council=council, **data),
        _("Cadeira criada."),
        lambda seat: council.get_absolute_url(),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Nova cadeira"),
        back=council.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandate_new(request, pk):
    seat = queries.get_managed_seat(request.user, pk)
    council = seat.council
    form = forms.MandateForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda data: services.add_mandate(by=request.user, seat=seat, **data),
        _("Mandato registrado."),
        lambda mandate: council.get_absolute_url(),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Novo mandato: %s") % seat.label,
        back=council.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandate_edit(request, pk):
    mandate = queries.get_managed_mandate(request.user, pk)
    council = mandate.seat.council
    initial = {
        "role": mandate.role,
        "person_name": mandate.person_name,
        "person_email": mandate.person_email,
        "starts_on": mandate.starts_on,
        "ends_on": mandate.ends_on,
        "act": mandate.act,
    }
    form = forms.MandateForm(request.POST or None, initial=initial)
    done = _save(
        request,
        form,
        lambda data: services.edit_mandate(by=request.user, mandate=mandate, **data),
        _("Mandato corrigido."),
        lambda saved: council.get_absolute_url(),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Corrigir mandato: %(person)s (%(seat)s)")
        % {"person": mandate.person_name, "seat": mandate.seat.label},
        back=council.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, pk):
    council = queries.get_managed_council(request.user, pk)
    form = forms.MeetingForm(request.POST or None)
    done = _save(
        request,
        form,
        lambda data: meeting_services.record_meeting(by=request.user, council=council, **data),
        _("Reunião registrada; marque as presenças."),
        lambda meeting: reverse("society:council_attendance", args=[meeting.pk]),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Registrar reunião"),
        back=council.get_absolute_url(),
    )


def _meeting_crumb(meeting):
    url = reverse("society:council_meeting", args=[meeting.council_id, meeting.pk])
    return (_("Reunião de %s") % f"{services.meeting_day(meeting):%d/%m/%Y}", url)


def _meeting_url(meeting):
    return reverse("society:council_meeting", args=[meeting.council_id, meeting.pk])


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = queries.get_managed_meeting(request.user, pk)
    council = meeting.council
    mandates = services.in_force(
        queries.council_mandates(council), services.meeting_day(meeting)
    ).order_by("seat__segment", "seat__order", "seat__pk", "-role")
    initial = {"mandates": list(meeting.attendances.values_list("mandate_id", flat=True))}
    form = forms.AttendanceForm(request.POST or None, mandates=mandates, initial=initial)
    done = _save(
        request,
        form,
        lambda data: meeting_services.set_attendance(
            by=request.user, meeting=meeting, mandate_ids=[m.pk for m in data["mandates"]]
        ),
        _("Presenças registradas."),
        _meeting_url,
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Marcar presenças"),
        back=_meeting_url(meeting),
        crumbs=[_meeting_crumb(meeting)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    meeting = queries.get_managed_meeting(request.user, pk)
    initial = {"minutes": meeting.minutes, "approved_on": meeting.minutes_approved_on}
    form = forms.MinutesForm(request.POST or None, initial=initial)
    done = _save(
        request,
        form,
        lambda data: meeting_services.record_minutes(by=request.user, meeting=meeting, **data),
        _("Ata registrada."),
        _meeting_url,
    )
    return done or _page(
        request,
        council=meeting.council,
        form=form,
        title=_("Registrar ata"),
        back=_meeting_url(meeting),
        crumbs=[_meeting_crumb(meeting)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_new(request, pk):
    council = queries.get_managed_council(request.user, pk)
    form = forms.ResolutionForm(request.POST or None, meetings=council.meetings.all())
    done = _save(
        request,
        form,
        lambda data: meeting_services.add_resolution(by=request.user, council=council, **data),
        _("Resolução registrada."),
        lambda resolution: council.get_absolute_url(),
    )
    return done or _page(
        request,
        council=council,
        form=form,
        title=_("Nova resolução"),
        back=council.get_absolute_url(),
    )
