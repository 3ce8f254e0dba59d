"""Staff pages of the request pipeline: the unit queue, the dashboard, a request's page, its
attachments and one POST view per action. The requester's pages live in public_views.py."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apoia.protocol import exports, hooks, rules, services, wording
from apoia.protocol.files import download_name
from apoia.protocol.forms import (
    NO_UNIT,
    OPEN,
    ActionForm,
    AssignForm,
    ConcludeForm,
    ContactForm,
    DecisionForm,
    ExtendForm,
    MessageForm,
    QueueFilterForm,
    RerouteForm,
    ResumeForm,
    WaitForm,
)
from apoia.protocol.models import (
    DEADLINE_CSS,
    OPEN_STATUSES,
    Attachment,
    ContactChannel,
    DeadlineState,
    EventKind,
    ServiceRequest,
    Status,
)
from apoia.protocol.numbering import normalize_protocol
from apoia.protocol.public_views import requester_page
from apoia.protocol.queries import (
    acts_as_requester,
    can_see_requester,
    deadline_window,
    get_request_for,
    is_staff_for,
    public_events,
    visible_to,
)
from apoia.protocol.rules import Verb

PAGE_SIZE = 25
QUEUE = (gettext_lazy("Fila de pedidos"), None)


def _deadline_tag(req: ServiceRequest, today: dt.date, limit: dt.date) -> dict | None:
    state = services.deadline_state(req, today, limit)
    if not state:
        return None
    return {"state": state, "label": DeadlineState(state).label, "css": DEADLINE_CSS[state]}


def _queue_url(**params) -> str:
    return f"{reverse('protocol:queue')}?{urlencode(params)}"


# --- the queue and the dashboard -------------------------------------------------------------


@login_required
def queue(request):
    export = request.GET.get("formato")
    if not rules.works_the_queue(request.user) and export not in ("csv", "xlsx"):
        # A requester's list is Meus pedidos; the queue's unit and technician filters and the
        # dashboard are the staff's. (Its exports stay: a prefeitura may keep a spreadsheet.)
        return redirect("protocol:mine")
    today, limit = deadline_window()
    visible = visible_to(request.user)
    form = QueueFilterForm(request.GET, rows=visible)
    found = form.apply(visible, user=request.user, today=today, limit=limit)

    if export in ("csv", "xlsx"):
        # The same filtered list, every row of it, not just the page on screen.
        rows = exports.request_rows(found, user=request.user, today=today, limit=limit)
        return exports.export_csv(rows) if export == "csv" else exports.export_xlsx(rows)

    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for req in page_obj:
        req.deadline_tag = _deadline_tag(req, today, limit)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("formato", None)
    return render(
        request,
        "protocol/staff/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "requests": page_obj.object_list,
            "filtered": any(value for key, value in params.items() if key != "ordem"),
            "csv_url": "?" + urlencode({**params.dict(), "formato": "csv"}),
            "xlsx_url": "?" + urlencode({**params.dict(), "formato": "xlsx"}),
            "breadcrumbs": [QUEUE],
        },
    )


@login_required
def dashboard(request):
    if not rules.works_the_queue(request.user):
        raise PermissionDenied(_("O painel de prazos é da equipe do Estado."))
    today, limit = deadline_window()
    month_start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time.min))
    is_open = Q(status__in=OPEN_STATUSES)
    # Counted over the visible ids: visible_to's joins could repeat a row inside a COUNT.
    rows = (
        ServiceRequest.objects.filter(pk__in=visible_to(request.user).values("pk"))
        .values("unit__slug", "unit__name")
        .annotate(
            open=Count("pk", filter=is_open),
            on_time=Count("pk", filter=is_open & Q(due_date__gt=limit)),
            due_soon=Count("pk", filter=is_open & Q(due_date__gte=today, due_date__lte=limit)),
            late=Count("pk", filter=is_open & Q(due_date__lt=today)),
            received=Count("pk", filter=Q(received_at__gte=month_start)),
            concluded=Count("pk", filter=Q(concluded_at__gte=month_start)),
            rating=Avg("rating"),
        )
        .order_by("unit__name")
    )
    first_day = today.replace(day=1).isoformat()
    units = []
    for row in rows:
        unit = row["unit__slug"] or NO_UNIT
        units.append(
            {
                **row,
                "name": row["unit__name"] or _("Sem unidade"),
                "links": {
                    "open": _queue_url(unidade=unit, situacao=OPEN),
                    "on_time": _queue_url(unidade=unit, prazo=DeadlineState.ON_TIME),
                    "due_soon": _queue_url(unidade=unit, prazo=DeadlineState.DUE_SOON),
                    "late": _queue_url(unidade=unit, prazo=DeadlineState.LATE),
                    "received": _queue_url(unidade=unit, recebido_de=first_day, ordem="-recebido"),
                    "concluded": _queue_url(
                        unidade=unit, situacao=Status.CONCLUDED, concluido_de=first_day
                    ),
                    "rated": _queue_url(unidade=unit, situacao=Status.CONCLUDED),
                },
                # The bar turns from green to red as the share of late requests grows.
                "late_low": row["open"] * 0.1,
                "late_high": row["open"] * 0.25,
            }
        )
    return render(
        request,
        "protocol/staff/dashboard.html",
        {
            "units": units,
            "today": today,
            "month_start": today.replace(day=1),
            "breadcrumbs": [(QUEUE[0], reverse("protocol:queue")), (_("Painel"), None)],
        },
    )


# --- one request -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A form of the request page: its title, its form, the verbs of the rules table it takes
    (the message form takes MESSAGE or NOTE) and the service call. Who may use it and when is
    the rules table's answer, never restated here."""

    title: str
    button: str
    form: type[ActionForm]
    verbs: tuple[str, ...]
    perform: Callable[[ServiceRequest, ActionForm, object], str]
    # An ombudsman manifestation's or LAI request's own words, where they differ.
    manifestation_title: str = ""
    manifestation_button: str = ""

    def words(self, req: ServiceRequest) -> tuple[str, str]:
        """(title, button) as this request's page says them."""
        if req.is_manifestation:
            return (
                self.manifestation_title or self.title,
                self.manifestation_button or self.button,
            )
        return self.title, self.button

    def permitted(self, user, req: ServiceRequest) -> bool:
        return any(rules.is_party_to(user, req, verb) for verb in self.verbs)

    def available(self, allowed: set[str]) -> bool:
        """Offered on the page: the rules table allows one of its verbs now."""
        return any(verb in allowed for verb in self.verbs)


def _reroute(req, form, user) -> str:
    data = form.cleaned_data
    services.reroute(req, unit=data["unit"], reason=data["reason"], by=user)
    if req.is_manifestation:
        return _("Manifestação redirecionada para %(unit)s.") % {"unit": data["unit"].name}
    return _("Pedido redirecionado para %(unit)s.") % {"unit": data["unit"].name}


def _decide(req, form, user) -> str:
    data = form.cleaned_data
    services.decide(
        req,
        accepted=form.accepted,
        by=user,
        justification=data["justification"],
        reason="" if form.accepted else data["reason"],
        redirect_unit=None if form.accepted else data["redirect_unit"],
        redirect_service=None if form.accepted else data["redirect_service"],
        assignee=data["assignee"] if form.accepted else None,
    )
    if req.is_manifestation:
        if form.accepted:
            return _("Manifestação acolhida.")
        return _("Manifestação não acolhida. O demandante recebeu a justificativa.")
    if form.accepted:
        return _("Pedido aceito.")
    return _("Pedido recusado. O demandante recebeu a justificativa.")


def _assign(req, form, user) -> str:
    technician = form.cleaned_data["assignee"]
    services.assign(req, technician=technician, by=user)
    if req.is_manifestation:
        return _("%(name)s é o(a) ouvidor(a) responsável.") % {"name": technician.full_name}
    return _("%(name)s é o técnico responsável.") % {"name": technician.full_name}


def _contact(req, form, user) -> str:
    data = form.cleaned_data
    services.record_contact(
        req, channel=data["channel"], summary=data["summary"], by=user, internal=data["internal"]
    )
    return _("Contato registrado.")


def _message(req, form, user) -> str:
    data = form.cleaned_data
    services.post_message(
        req,
        text=data["text"],
        by=user,
        internal=data["internal"],
        attachments=data["attachments"],
    )
    return _("Nota interna registrada.") if data["internal"] else _("Mensagem enviada.")


def _wait(req, form, user) -> str:
    services.wait_for_requester(req, message=form.cleaned_data["message"], by=user)
    return _("O pedido aguarda o demandante.")


def _resume(req, form, user) -> str:
    services.resume(req, by=user)
    return _("Atendimento retomado.")


def _extend(req, form, user) -> str:
    services.extend_deadline(req, justification=form.cleaned_data["justification"], by=user)
    return _("Prazo prorrogado para %(due)s.") % {"due": req.due_date.strftime("%d/%m/%Y")}


def _conclude(req, form, user) -> str:
    services.conclude(req, outcome=form.cleaned_data["outcome"], by=user)
    return _("Manifestação concluída.") if req.is_manifestation else _("Pedido concluído.")


ACTIONS = {
    "decide": Action(
        gettext_lazy("Decidir"),
        gettext_lazy("Registrar decisão"),
        DecisionForm,
        (Verb.DECIDE,),
        _decide,
        manifestation_title=gettext_lazy("Acolher ou não a manifestação"),
    ),
    "assign": Action(
        gettext_lazy("Técnico responsável"),
        gettext_lazy("Designar"),
        AssignForm,
        (Verb.ASSIGN,),
        _assign,
        manifestation_title=gettext_lazy("Ouvidor(a) responsável"),
    ),
    "contact": Action(
        gettext_lazy("Registrar contato"),
        gettext_lazy("Registrar contato"),
        ContactForm,
        (Verb.CONTACT,),
        _contact,
    ),
    "message": Action(
        gettext_lazy("Mensagem ao demandante ou nota interna"),
        gettext_lazy("Enviar"),
        MessageForm,
        (Verb.MESSAGE, Verb.NOTE),
        _message,
    ),
    "wait": Action(
        gettext_lazy("Aguardar o demandante"),
        gettext_lazy("Pedir ao demandante"),
        WaitForm,
        (Verb.WAIT,),
        _wait,
    ),
    "resume": Action(
        gettext_lazy("Retomar o atendimento"),
        gettext_lazy("Retomar"),
        ResumeForm,
        (Verb.RESUME,),
        _resume,
    ),
    "extend": Action(
        gettext_lazy("Prorrogar o prazo"),
        gettext_lazy("Prorrogar"),
        ExtendForm,
        (Verb.EXTEND,),
        _extend,
    ),
    "conclude": Action(
        gettext_lazy("Concluir o atendimento"),
        gettext_lazy("Concluir"),
        ConcludeForm,
        (Verb.CONCLUDE,),
        _conclude,
        manifestation_title=gettext_lazy("Concluir a manifestação"),
    ),
    "reroute": Action(
        gettext_lazy("Redirecionar a outra unidade"),
        gettext_lazy("Redirecionar"),
        RerouteForm,
        (Verb.REROUTE,),
        _reroute,
    ),
}


def _who(event, req: ServiceRequest, show_requester: bool) -> str:
    if not show_requester and acts_as_requester(event, req):
        return _("Demandante")
    if event.actor is not None:
        return event.actor.full_name or event.actor.email
    return event.actor_label or _("Sistema")


def _due_history(req: ServiceRequest, events) -> list[dict]:
    """Each due date the request had, and why it changed: every event that moved it (an
    extension, a resume after a paused clock, a closure day) says so in its data, `new_due`."""
    history = [{"at": req.received_at, "due": req.original_due_date, "why": _("Prazo inicial")}]
    for event in events:
        if new_due := event.data.get("new_due"):
            history.append(
                {"at": event.at, "due": dt.date.fromisoformat(new_due), "why": event.text}
            )
    return history


def _detail_context(request, req: ServiceRequest, failed: tuple[str, ActionForm] | None = None):
    user = request.user
    today, limit = deadline_window()
    staff = is_staff_for(user, req)
    allowed = rules.allowed_verbs(user, req)
    show_requester = can_see_requester(user, req)
    timeline = req.events.all() if staff else public_events(req)
    events = list(timeline.select_related("actor").prefetch_related("attachments"))
    for event in events:
        event.who = _who(event, req, show_requester)
        event.label = wording.event_label(req.service.kind, event.kind, event.get_kind_display())
        event.files = [a for a in event.attachments.all() if staff or not a.is_internal]
        channel = event.data.get("channel") if event.kind == EventKind.CONTACT else None
        event.channel = ContactChannel(channel).label if channel in ContactChannel.values else ""
    attachments = req.attachments.all() if staff else req.attachments.filter(is_internal=False)
    actions = []
    for name, action in ACTIONS.items():
        if failed is not None and failed[0] == name:
            form = failed[1]  # shown with its errors even if the status no longer allows it
        elif action.available(allowed):
            form = action.form(req=req, prefix=name)
        else:
            continue
        title, button = action.words(req)
        actions.append(
            {
                "name": name,
                "title": title,
                "button": button,
                "form": form,
                "url": reverse(f"protocol:{name}", args=[req.protocol_slug]),
            }
        )
    return {
        "req": req,
        "staff": staff,
        "linked_panels": hooks.linked_panels(req, user),
        "show_requester": show_requester,
        "deadline_tag": _deadline_tag(req, today, limit),
        "events": events,
        "due_history": _due_history(req, events),
        "attachments": list(attachments),
        "actions": actions,
        "failed": failed[0] if failed else "",
        "breadcrumbs": [(QUEUE[0], reverse("protocol:queue")), (req.protocol, None)],
        "page_contact": req.unit.contact if req.unit else None,
    }


def _as_requester(user, req: ServiceRequest) -> bool:
    """Whether `user` opens `req` as its requester (their own or their institution's request,
    which they do not also handle for the state): the requester's page, not the staff one."""
    return rules.is_requester(user, req) and not is_staff_for(user, req)


@login_required
def detail(request, protocol):
    req = get_request_for(request.user, protocol)
    if _as_requester(request.user, req):
        return requester_page(request, req, account=True)
    return render(request, "protocol/staff/detail.html", _detail_context(request, req))


def _put_errors(form: ActionForm, exc: ValidationError) -> None:
    """The service's messages on the form's fields (its keys are the field names)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _act(request, protocol: str, name: str):
    req = get_request_for(request.user, protocol)
    action = ACTIONS[name]
    if not action.permitted(request.user, req):
        raise PermissionDenied(rules.why_not(request.user, req, action.verbs[0]))
    form = action.form(request.POST, request.FILES, req=req, prefix=name)
    if form.is_valid():
        try:
            done = action.perform(req, form, request.user)
        except rules.NotPermitted:
            raise
        except ValidationError as exc:  # TransitionError included
            _put_errors(form, exc)
        else:
            messages.success(request, done)
            if visible_to(request.user).filter(pk=req.pk).exists():
                return redirect(req.get_absolute_url())
            return redirect("protocol:queue")  # rerouted out of the user's units
    # The service rolled back, but may have touched the object in memory before failing.
    req = get_request_for(request.user, protocol)
    context = _detail_context(request, req, failed=(name, form))
    return render(request, "protocol/staff/detail.html", context, status=400)


@login_required
@require_POST
def act(request, protocol, action: str):
    """One staff action (see ACTIONS) posted from the request page."""
    return _act(request, protocol, action)


# --- attachments -----------------------------------------------------------------------------


def _may_download(request, attachment: Attachment) -> bool:
    """Staff who see the request get every file; its requester (signed in, or having opened it
    on the tracking page in this session) gets the files that are not internal."""
    req, user = attachment.request, request.user
    if user.is_authenticated and visible_to(user).filter(pk=req.pk).exists():
        return is_staff_for(user, req) or not attachment.is_internal
    tracked = {
        normalize_protocol(str(number)) for number in request.session.get("tracked_requests", [])
    }
    return req.protocol in tracked and not attachment.is_internal


def attachment(request, protocol, pk):
    number = normalize_protocol(protocol)
    found = (
        Attachment.objects.select_related("request__service")
        .filter(pk=pk, request__protocol=number)
        .first()
    )
    if number is None or found is None or not _may_download(request, found):
        raise Http404
    try:
        stream = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response: HttpResponse = FileResponse(
        stream,
        as_attachment=True,
        filename=download_name(found.original_name, found.content_type),
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
