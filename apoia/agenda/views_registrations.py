"""Pages of registrations: registering (oneself or a team), the registration page (its code
is the capability: whoever holds it sees it, cancels it, gets the certificate and rates the
event), a person's registrations and the attendance of online sessions by the announced code.
Thin, over services.registrations and the rules in queries."""

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

from apoia.agenda import queries
from apoia.agenda.forms_registrations import FeedbackForm, OnlineCheckinForm, RegistrationForm
from apoia.agenda.models import Event, RegistrationStatus
from apoia.agenda.services import registrations as services

PER_PAGE = 25


def _crumbs(*tail):
    return [(_("Agenda de apoio técnico"), reverse("agenda:index")), *tail]


def _public_event(pk):
    try:
        return queries.public_events().select_related("state", "unit").get(pk=pk)
    except (ValueError, TypeError, Event.DoesNotExist):
        raise Http404 from None


@login_required
def register(request, pk):
    event = _public_event(pk)
    municipalities = queries.registrable_municipalities(request.user, event)
    if not municipalities:
        raise Http404
    initial = {"name_0": request.user.full_name, "email_0": request.user.email}
    form = RegistrationForm(request.POST or None, municipalities=municipalities, initial=initial)
    is_open = queries.registration_open(event, timezone.now())
    if request.method == "POST" and is_open and form.is_valid():
        people = form.people()
        try:
            made = services.register(
                event,
                by=request.user,
                people=people,
                municipality=form.cleaned_data["municipality"],
            )
        except PermissionDenied:
            raise Http404 from None
        except services.RegistrationClosed as exc:
            messages.error(request, exc.message)
            return redirect(event)
        except ValidationError as exc:
            for path, errors in exc.message_dict.items():
                form.add_error(form.field_for(path, people), errors)
        else:
            waiting = sum(1 for r in made if r.status == RegistrationStatus.WAITING)
            if waiting:
                messages.warning(
                    request,
                    _(
                        "%(count)d inscrição(ões) feita(s); %(waiting)d na lista de espera. "
                        "As confirmações foram por e-mail."
                    )
                    % {"count": len(made), "waiting": waiting},
                )
            else:
                messages.success(
                    request,
                    _("%(count)d inscrição(ões) confirmada(s). As confirmações foram por e-mail.")
                    % {"count": len(made)},
                )
            if len(made) == 1:
                return redirect("agenda:registration", made[0].code)
            return redirect("agenda:my_registrations")
    return render(
        request,
        "agenda/registrations/register.html",
        {
            "event": event,
            "form": form,
            "is_open": is_open,
            "places_left": queries.places_left(event),
            "is_staff": queries.may_manage_event(request.user, event),
            "breadcrumbs": _crumbs((event.title, event.get_absolute_url()), (_("Inscrição"), None)),
        },
    )


def registration(request, code):
    found = queries.get_registration(code)
    if found.code != code:
        return redirect("agenda:registration", found.code)
    event = found.event
    now = timezone.now()
    certificate = getattr(found, "certificate", None)
    feedback = getattr(found, "feedback", None)
    feedback_form = None
    if queries.may_give_feedback(found, now):
        feedback_form = FeedbackForm(
            initial={"rating": feedback.rating, "comment": feedback.comment} if feedback else None
        )
    checkin_url = reverse("agenda:checkin", args=[event.pk]) + f"?codigo={found.code}"
    return render(
        request,
        "agenda/registrations/detail.html",
        {
            "registration": found,
            "event": event,
            "tz": event.state.timezone,
            "position": queries.waiting_position(found),
            "may_cancel": services.may_cancel(found, now),
            "certificate": certificate,
            "feedback": feedback,
            "feedback_form": feedback_form,
            "qr_url": request.build_absolute_uri(checkin_url),
            "online_checkin": queries.online_checkin_open(event, now)
            and found.status == RegistrationStatus.REGISTERED
            and not found.attended,
            "breadcrumbs": _crumbs(
                (event.title, event.get_absolute_url()), (_("Inscrição %s") % found.code, None)
            ),
        },
    )


@require_POST
def cancel(request, code):
    found = queries.get_registration(code)
    try:
        services.cancel(found, by=request.user)
    except services.RegistrationClosed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Inscrição cancelada."))
    if request.POST.get("next") == "checkin" and queries.may_manage_event(
        request.user, found.event
    ):
        return redirect("agenda:checkin", found.event_id)
    return redirect("agenda:registration", found.code)


@require_POST
def feedback(request, code):
    found = queries.get_registration(code)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escolha uma nota de 1 a 5."))
        return redirect("agenda:registration", found.code)
    try:
        services.give_feedback(
            found, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        )
    except services.RegistrationClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Obrigado pela avaliação."))
    return redirect("agenda:registration", found.code)


@login_required
def my_registrations(request):
    qs = (
        queries.registrations_of(request.user)
        .select_related("event__state", "municipality", "certificate")
        .order_by("-event__start", "pk")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/registrations/mine.html",
        {
            "page_obj": page,
            "registrations": page.object_list,
            "open_events": queries.open_for_registration(request.user, timezone.now()),
            "breadcrumbs": _crumbs((_("Minhas inscrições"), None)),
        },
    )


def online_checkin(request, pk):
    """The attendee of an online session types their code and the announced one."""
    event = _public_event(pk)
    form = OnlineCheckinForm(request.POST or None, initial={"code": request.GET.get("codigo", "")})
    is_open = queries.online_checkin_open(event, timezone.now())
    if request.method == "POST" and form.is_valid():
        try:
            found = services.online_check_in(
                event,
                registration_code=form.cleaned_data["code"],
                attendance_code=form.cleaned_data["attendance_code"],
            )
        except services.CheckinRefused as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Presença registrada, %(name)s.") % {"name": found.name})
            return redirect("agenda:registration", found.code)
    return render(
        request,
        "agenda/registrations/online_checkin.html",
        {
            "event": event,
            "form": form,
            "is_open": is_open,
            "breadcrumbs": _crumbs(
                (event.title, event.get_absolute_url()), (_("Presença na sessão"), None)
            ),
        },
    )
