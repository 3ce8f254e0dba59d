"""Staff pages of the events: the state's events by status, creating and editing events and
series, sending to the NEEP or publishing, moving and cancelling; and the NEEP's queue.
Thin views over services.events / series / validation; a refusal answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.agenda import queries
from apoia.agenda.forms_events import (
    STATUS_TABS,
    CancelForm,
    EventForm,
    MoveForm,
    ReturnForm,
    SeriesForm,
)
from apoia.agenda.models import Event, EventStatus, EventType, Series
from apoia.agenda.services import events as services
from apoia.agenda.services import series as series_services
from apoia.agenda.services import validation
from apoia.agenda.views_events import PER_PAGE, url_if
from apoia.territory.models import State


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        if field in ("start", "end"):
            field = "end_time" if "end_time" in form.fields else None
        form.add_error(field if field in form.fields else None, errors)


def _staff_only(user) -> None:
    if not queries.is_agenda_staff(user):
        raise Http404


def _managed(user, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("state", "series"), pk=pk)
    if not queries.may_manage_event(user, event):
        raise Http404
    return event


def _crumbs(*tail):
    return [
        (_("Agenda de apoio técnico"), reverse("agenda:index")),
        (_("Gestão da agenda"), reverse("agenda:staff_home") if tail else None),
        *tail,
    ]


@login_required
def staff_home(request):
    _staff_only(request.user)
    states = list(queries.staff_states(request.user))
    qs = queries.managed_events(request.user).select_related("state", "unit", "series")
    status = request.GET.get("status", "")
    if status in EventStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    uf = (request.GET.get("uf") or "").upper()
    if uf and any(s.uf == uf for s in states):
        qs = qs.filter(state__uf=uf)
    else:
        uf = ""
    kind = request.GET.get("type", "")
    if kind in EventType.values:
        qs = qs.filter(type=kind)
    else:
        kind = ""
    text = (request.GET.get("q") or "").strip()[:100]
    if text:
        qs = qs.filter(title__icontains=text)
    page = Paginator(qs.order_by("-start", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    tabs = []
    for value, label in STATUS_TABS:
        base["status"] = value
        tabs.append({"value": value, "label": label, "query": base.urlencode()})
    links = [
        (_("Plano de apoio técnico"), url_if("agenda:plans")),
        (_("Alcance"), url_if("agenda:reach")),
        (_("Atendimentos"), url_if("agenda:staff_slots")),
        (_("Visitas técnicas"), url_if("agenda:visit_plans")),
    ]
    if queries.is_neep(request.user):
        links.insert(0, (_("Fila de validação do NEEP"), url_if("agenda:validation_queue")))
    return render(
        request,
        "agenda/staff/home.html",
        {
            "page_obj": page,
            "tabs": tabs,
            "status": status,
            "states": states,
            "uf": uf,
            "kind": kind,
            "types": EventType.choices,
            "text": text,
            "links": [(label, url) for label, url in links if url],
            "breadcrumbs": _crumbs(),
        },
    )


def _state_for(request) -> State | None:
    """The state a new event or series is for: ?uf=, or the user's only state."""
    states = list(queries.staff_states(request.user))
    uf = (request.GET.get("uf") or "").upper()
    if uf:
        found = [s for s in states if s.uf == uf]
        if not found:
            raise Http404
        return found[0]
    return states[0] if len(states) == 1 else None


def _pick_state(request, title):
    return render(
        request,
        "agenda/staff/pick_state.html",
        {
            "title": title,
            "states": queries.staff_states(request.user),
            "breadcrumbs": _crumbs((title, None)),
        },
    )


@login_required
def event_create(request):
    _staff_only(request.user)
    state = _state_for(request)
    if state is None:
        return _pick_state(request, _("Novo evento"))
    form = EventForm(request.POST or None, state=state, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # a refused sending keeps no half-made draft
                event = services.create_event(by=request.user, state=state, **form.event_data())
                if request.POST.get("then") == "send":
                    _send_on(event, request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.EventTransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _sent_message(event))
            return redirect(event)
    return render(
        request,
        "agenda/staff/event_form.html",
        {
            "form": form,
            "state": state,
            "event": None,
            "breadcrumbs": _crumbs((_("Novo evento"), None)),
        },
    )


def _send_on(event: Event, user) -> Event:
    if event.needs_validation:
        return validation.submit_for_validation(event, by=user)
    return services.publish(event, by=user)


def _sent_message(event: Event) -> str:
    event.refresh_from_db(fields=["status"])
    return {
        EventStatus.DRAFT: _("Evento salvo como rascunho."),
        EventStatus.IN_VALIDATION: _("Evento enviado ao NEEP para a validação do tema."),
        EventStatus.PUBLISHED: _("Evento publicado na agenda."),
    }.get(event.status, _("Evento salvo."))


@login_required
def event_edit(request, pk):
    event = _managed(request.user, pk)
    if event.status in (EventStatus.CANCELLED, EventStatus.IN_VALIDATION):
        messages.error(
            request,
            _("Um evento cancelado, ou em validação no NEEP, não pode ser alterado."),
        )
        return redirect(event)
    form = EventForm(request.POST or None, state=event.state, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        was = event.status
        try:
            event = services.update_event(event, by=request.user, **form.event_data())
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.EventTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(event)
        else:
            if was == EventStatus.PUBLISHED and event.status == EventStatus.IN_VALIDATION:
                messages.warning(
                    request,
                    _(
                        "O tema ou a programação mudou: o evento voltou ao NEEP e saiu da agenda "
                        "pública até ser aprovado de novo."
                    ),
                )
            else:
                messages.success(request, _("Evento atualizado."))
            return redirect(event)
    return render(
        request,
        "agenda/staff/event_form.html",
        {
            "form": form,
            "state": event.state,
            "event": event,
            "breadcrumbs": _crumbs((event.title, event.get_absolute_url()), (_("Editar"), None)),
        },
    )


@login_required
@require_POST
def event_send(request, pk):
    """Sends a draft on: to the NEEP, or published when its type needs no validation."""
    event = _managed(request.user, pk)
    try:
        _send_on(event, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.EventTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _sent_message(event))
    return redirect(event)


@login_required
def event_cancel(request, pk):
    event = _managed(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.EventTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(event)
        else:
            messages.success(request, _("Evento cancelado; os inscritos recebem um e-mail."))
            return redirect(event)
    return render(
        request,
        "agenda/staff/event_action.html",
        {
            "event": event,
            "form": form,
            "title": _("Cancelar o evento"),
            "button": _("Cancelar o evento"),
            "action": reverse("agenda:events_cancel", args=[event.pk]),
            "breadcrumbs": _crumbs((event.title, event.get_absolute_url()), (_("Cancelar"), None)),
        },
    )


@login_required
def event_move(request, pk):
    event = _managed(request.user, pk)
    if not series_services.may_move_episode(event):
        messages.error(request, _("A data deste evento não pode mais ser mudada aqui."))
        return redirect(event)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.moments(event.state)
        try:
            series_services.move_episode(event, by=request.user, start=start, end=end)
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.EventTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(event)
        else:
            messages.success(request, _("Nova data salva; os demais episódios não mudaram."))
            return redirect(event)
    return render(
        request,
        "agenda/staff/event_action.html",
        {
            "event": event,
            "form": form,
            "title": _("Mudar a data"),
            "button": _("Salvar a nova data"),
            "action": reverse("agenda:events_move", args=[event.pk]),
            "breadcrumbs": _crumbs(
                (event.title, event.get_absolute_url()), (_("Mudar a data"), None)
            ),
        },
    )


@login_required
def series_create(request):
    _staff_only(request.user)
    state = _state_for(request)
    if state is None:
        return _pick_state(request, _("Nova série"))
    form = SeriesForm(request.POST or None, state=state, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = series_services.create_series(
                by=request.user, state=state, **form.series_data()
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in ("start", "end"):
                    field = "end_time"
                if field == "rrule":
                    field = "frequency"
                form.add_error(field if field in form.fields else None, errors)
        else:
            count = series.episodes.count()
            messages.success(
                request,
                _("Série criada com %(count)d episódios em rascunho.") % {"count": count},
            )
            return redirect(series)
    return render(
        request,
        "agenda/staff/series_form.html",
        {"form": form, "state": state, "breadcrumbs": _crumbs((_("Nova série"), None))},
    )


@login_required
@require_POST
def series_send(request, pk):
    series = get_object_or_404(Series, pk=pk)
    if not queries.is_agenda_staff(request.user, series.state_id):
        raise Http404
    try:
        count = series_services.send_episodes(series, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.EventTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)d episódios enviados.") % {"count": count})
    return redirect(series)


# --- the NEEP ------------------------------------------------------------------------------


@login_required
def validation_queue(request):
    if not queries.is_neep(request.user):
        raise Http404
    qs = queries.validation_queue(request.user).select_related("state", "unit", "series")
    page = Paginator(qs.order_by("start", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/validation/queue.html",
        {
            "page_obj": page,
            "breadcrumbs": [
                (_("Agenda de apoio técnico"), reverse("agenda:index")),
                (_("Validação de temas (NEEP)"), None),
            ],
        },
    )


def _for_neep(user, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("state"), pk=pk)
    if not queries.may_validate_event(user, event):
        raise Http404
    return event


@login_required
@require_POST
def validation_approve(request, pk):
    event = _for_neep(request.user, pk)
    try:
        validation.approve(event, by=request.user, comment=request.POST.get("comment", ""))
    except PermissionDenied:
        raise Http404 from None
    except services.EventTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Tema aprovado: o evento está publicado na agenda."))
    return redirect("agenda:validation_queue")


@login_required
def validation_return(request, pk):
    event = _for_neep(request.user, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            validation.return_event(event, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.EventTransitionError as exc:
            messages.error(request, exc.message)
            return redirect("agenda:validation_queue")
        else:
            messages.success(request, _("Evento devolvido à equipe com o seu comentário."))
            return redirect("agenda:validation_queue")
    return render(
        request,
        "agenda/staff/event_action.html",
        {
            "event": event,
            "form": form,
            "title": _("Devolver à equipe"),
            "button": _("Devolver com o comentário"),
            "action": reverse("agenda:events_return", args=[event.pk]),
            "breadcrumbs": [
                (_("Validação de temas (NEEP)"), reverse("agenda:validation_queue")),
                (event.title, event.get_absolute_url()),
                (_("Devolver"), None),
            ],
        },
    )
