"""The requester's side: submission form, receipt (page and PDF), public tracking and the
requester's actions on a tracked request (reply, rate, reopen, appeal).

The tracking page and the request's own page of a signed-in requester share `requester_page`.

A browser session "tracks" a request once it filed it, or once it gave the protocol number with
its access code; `session["tracked_requests"]` lists those numbers (formatted, e.g.
"50002.000001/2026-50"), and only they open the tracking page and allow the requester's actions
without an account; a signed-in requester party (`rules.is_requester`) acts from either page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apoia.catalog.models import ServiceKind
from apoia.catalog.queries import get_service_for
from apoia.protocol import hooks, queries, receipts, rules, services, wording
from apoia.protocol.models import DEADLINE_CSS, Attachment, DeadlineState, ServiceRequest, Status
from apoia.protocol.numbering import normalize_protocol
from apoia.protocol.public_forms import (
    AppealForm,
    RatingForm,
    ReopenForm,
    ReplyForm,
    SubmissionForm,
    TrackingForm,
)
from apoia.protocol.rules import Verb
from apoia.protocol.steps import next_step
from apoia.protocol.throttle import (
    submission_retry_after,
    too_many_submissions,
    tracking_retry_after,
)

TRACKED = "tracked_requests"
MAX_TRACKED = 50


# --- the session's tracked requests ------------------------------------------------------------


def remember(request, req: ServiceRequest) -> None:
    tracked = [p for p in request.session.get(TRACKED, []) if p != req.protocol]
    request.session[TRACKED] = [*tracked, req.protocol][-MAX_TRACKED:]


def is_tracked(request, req: ServiceRequest) -> bool:
    return req.protocol in request.session.get(TRACKED, [])


def _request_for(request, protocol: str) -> ServiceRequest:
    """The request when this session tracks it or the user may see it; 404 otherwise."""
    number = normalize_protocol(protocol)
    if number is None:
        raise Http404
    if number in request.session.get(TRACKED, []):
        found = (
            ServiceRequest.objects.select_related(
                "service", "option", "unit", "state", "municipality", "organization"
            )
            .filter(protocol=number)
            .first()
        )
        if found is not None:
            return found
    return queries.get_request_for(request.user, number)


# --- submission --------------------------------------------------------------------------------


def submit(request, service):
    service = get_service_for(request.user, service)
    if (page := hooks.submission_page_for(service)) is not None:
        return redirect(page)
    breadcrumbs = [
        (_("Carta de Serviços"), reverse("catalog:list")),
        (service.name, service.get_absolute_url()),
        (_("Solicitar"), None),
    ]
    authenticated = request.user.is_authenticated
    if not authenticated and not (service.allows_public_submission or service.allows_anonymous):
        login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
        return render(
            request,
            "protocol/public/login_required.html",
            {"service": service, "sign_in_url": login_url, "breadcrumbs": breadcrumbs},
            status=403 if request.method == "POST" else 200,
        )

    wait = 0
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, service=service, user=request.user)
        wait = submission_retry_after(request, request.user)
        if wait:
            # The form comes back as typed; only files, which no browser refills, are lost.
            message = too_many_submissions(wait)
            if request.FILES:
                message += " " + _("Anexe os arquivos de novo.")
            form.add_error(None, message)
        elif form.is_valid():
            try:
                req = services.submit_request(
                    **form.submission_kwargs(), by=request.user, channel="web"
                )
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            else:
                remember(request, req)
                return redirect("protocol:receipt", req.protocol_slug)
        status = 429 if wait else 400
    else:
        form = SubmissionForm(service=service, user=request.user)
        status = 200
    context = {
        "service": service,
        "form": form,
        "deadline_rule": receipts.deadline_rule(service),
        "is_ombudsman": service.kind == ServiceKind.OMBUDSMAN,
        "is_information_request": service.kind == ServiceKind.INFORMATION_REQUEST,
        "breadcrumbs": breadcrumbs,
    }
    response = render(request, "protocol/public/submit.html", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


# --- receipt -----------------------------------------------------------------------------------


def _receipt_viewer(request, req: ServiceRequest) -> dict:
    """Whether the viewer is the requester (the account that filed it, or this session, which
    filed it or proved its code) and may see who asked: what `receipts.receipt_context` asks.
    Colleagues who may open the request get a copy without the access code."""
    user = request.user
    own = is_tracked(request, req) or (user.is_authenticated and req.requester_id == user.pk)
    return {"for_requester": own, "show_requester": queries.can_see_requester(user, req)}


@never_cache
def receipt(request, protocol):
    req = _request_for(request, protocol)
    context = {
        **receipts.receipt_context(req, **_receipt_viewer(request, req)),
        "breadcrumbs": [(_("Recibo do protocolo %(protocol)s") % {"protocol": req.protocol}, None)],
    }
    return render(request, "protocol/public/receipt.html", context)


@never_cache
def receipt_pdf(request, protocol):
    req = _request_for(request, protocol)
    pdf = receipts.receipt_pdf(req, **_receipt_viewer(request, req))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"recibo-{req.protocol_slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- public tracking ---------------------------------------------------------------------------


def _track_page(request, form, *, status=200, error=""):
    context = {
        "form": form,
        "error": error,
        "breadcrumbs": [(_("Acompanhar protocolo"), None)],
    }
    return render(request, "protocol/public/track.html", context, status=status)


def _too_many(request, wait: int):
    response = _track_page(
        request,
        TrackingForm(),
        status=429,
        error=_("Muitas consultas em pouco tempo. Aguarde um minuto e tente de novo."),
    )
    response["Retry-After"] = str(wait)
    return response


def _not_found(request):
    # The same page for an unknown number and a wrong code: nothing tells them apart.
    return _track_page(
        request, TrackingForm(), status=404, error=_("Protocolo ou código não encontrado.")
    )


@never_cache
def track(request):
    if request.method != "POST":
        initial = {"protocol": request.GET.get("protocolo", "")[:40]}
        return _track_page(request, TrackingForm(initial=initial))
    form = TrackingForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    if wait := tracking_retry_after(request):
        return _too_many(request, wait)
    req = queries.find_by_access_code(
        form.cleaned_data["protocol"], form.cleaned_data["access_code"]
    )
    if req is None:
        return _not_found(request)
    remember(request, req)
    return redirect("protocol:track_detail", req.protocol_slug)


@never_cache
def track_detail(request, protocol):
    code = request.GET.get("codigo")
    if code is not None:
        # A link from before e-mails stopped carrying the code: the same checks as the form,
        # then the session remembers the request and the address loses the code.
        form = TrackingForm({"protocol": protocol, "access_code": code})
        if not form.is_valid():
            return _track_page(request, form, status=400)
        if wait := tracking_retry_after(request):
            return _too_many(request, wait)
        req = queries.find_by_access_code(form.cleaned_data["protocol"], code)
        if req is None:
            return _not_found(request)
        remember(request, req)
        return redirect("protocol:track_detail", req.protocol_slug)
    try:
        req = _request_for(request, protocol)
    except Http404:
        query = urlencode({"protocolo": protocol[:40]})
        return redirect(f"{reverse('protocol:track')}?{query}")
    if request.user.is_authenticated and req.requester_id == request.user.pk:
        remember(request, req)
    return requester_page(request, req)


def _actor(event, req, *, names: bool = False) -> str:
    """Who did it, as the requester sees it: never a staff member's name. On the signed-in
    requester's own page (`names`, where `can_see_requester`), the requester's side is named:
    colleagues of an institution see which of them replied."""
    if names and event.actor is not None and queries.acts_as_requester(event, req):
        return event.actor.full_name or event.actor.email
    if event.actor_label:
        return event.actor_label
    if event.actor_id is not None:
        return _("Equipe %(unit)s") % {"unit": req.unit.name} if req.unit else _("Equipe do Estado")
    return "Apoia"


def acts_for(request, req: ServiceRequest) -> tuple[bool, bool]:
    """(may act as the requester, holds the code): this session tracks the request (it filed
    it or proved the access code), or the signed-in person is its requester party (the filer's
    account, or a colleague of the institution that filed it: `rules.is_requester`)."""
    if is_tracked(request, req):
        return True, True
    return rules.is_requester(request.user, req), False


FORM_VERBS = {
    "reply_form": Verb.REPLY,
    "rating_form": Verb.RATE,
    "reopen_form": Verb.REOPEN,
    "appeal_form": Verb.APPEAL,
}


def requester_page(request, req, *, status=200, account=False, **forms):
    """The request as its requester sees it, with the actions they may take now. `account`:
    the request's own page (`protocol:detail`) of a signed-in requester, reached from Meus
    pedidos; otherwise the public tracking page."""
    public_files = Attachment.objects.filter(is_internal=False)
    events = list(
        queries.public_events(req).prefetch_related(
            Prefetch("attachments", queryset=public_files, to_attr="public_attachments")
        )
    )
    show_requester = account and queries.can_see_requester(request.user, req)
    for event in events:
        event.who = _actor(event, req, names=show_requester)
        event.label = wording.event_label(req.service.kind, event.kind, event.get_kind_display())
    can_act, holds_code = acts_for(request, req)
    allowed = rules.allowed_verbs(request.user, req, holds_code=holds_code) if can_act else set()
    waiting = next((e for e in reversed(events) if e.kind == "waiting"), None)
    today = timezone.localdate()
    state = services.deadline_state(req, today, services.due_soon_limit(req.state.uf, today))
    # A form whose action the status no longer allows is not shown again: its errors are.
    refused = [
        error
        for name, verb in FORM_VERBS.items()
        if forms.get(name) is not None and verb not in allowed
        for error in forms[name].non_field_errors()
    ]
    if account:
        breadcrumbs = [(_("Meus pedidos"), reverse("protocol:mine")), (req.protocol, None)]
    else:
        breadcrumbs = [(_("Acompanhar protocolo"), reverse("protocol:track")), (req.protocol, None)]
    context = {
        "req": req,
        "linked_panels": hooks.linked_panels(req, request.user),
        "account": account,
        "show_requester": show_requester,
        "deadline_state": state,
        "deadline_state_label": DeadlineState(state).label if state else "",
        "deadline_css": DEADLINE_CSS.get(state, ""),
        "events": events,
        "attachments": req.attachments.filter(is_internal=False),
        "deadline_rule": receipts.deadline_rule(req.service),
        "can_act": can_act,
        "refused": refused,
        "next_step": next_step(req, allowed),
        "waiting_event": waiting if req.status == Status.WAITING_REQUESTER else None,
        "can_reply": Verb.REPLY in allowed,
        "can_rate": Verb.RATE in allowed,
        "can_reopen": Verb.REOPEN in allowed,
        "reopen_until": rules.reopen_until(req),
        "can_appeal": Verb.APPEAL in allowed,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "rating_form": forms.get("rating_form") or RatingForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "appeal_form": forms.get("appeal_form") or AppealForm(),
        "breadcrumbs": breadcrumbs,
        "page_contact": req.unit.contact if req.unit else None,
    }
    return render(request, "protocol/public/track_detail.html", context, status=status)


# --- the requester's actions -------------------------------------------------------------------

# The hidden field of the forms on the request's own page: back there after the action.
FROM_ACCOUNT = "conta"


def _acting_request(request, protocol) -> tuple[ServiceRequest, bool]:
    """The request and whether the caller holds its code. Only a session tracking it, or its
    signed-in requester party, acts as its requester; anyone else gets a 404, as a wrong code
    does (the API answers the same)."""
    req = _request_for(request, protocol)
    can_act, holds_code = acts_for(request, req)
    if not can_act:
        raise Http404
    return req, holds_code


def _act(request, protocol, form_class, form_name, action, done):
    req, holds_code = _acting_request(request, protocol)
    account = request.POST.get("origem") == FROM_ACCOUNT and request.user.is_authenticated
    files = request.FILES if form_class is ReplyForm else None
    form = form_class(request.POST, files)
    if form.is_valid():
        try:
            action(req, form.cleaned_data, holds_code)
        except ValidationError as exc:
            # TransitionError carries a plain message; field problems come keyed by field.
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, field_errors in errors.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, done(req) if callable(done) else done)
            if account:
                return redirect(req.get_absolute_url())
            return redirect("protocol:track_detail", req.protocol_slug)
    req.refresh_from_db()
    return requester_page(request, req, status=400, account=account, **{form_name: form})


def _by(request):
    return request.user if request.user.is_authenticated else None


@require_POST
def track_reply(request, protocol):
    def action(req, data, holds_code):
        services.requester_reply(
            req,
            text=data["text"],
            attachments=data["attachments"],
            by=_by(request),
            holds_code=holds_code,
        )

    return _act(request, protocol, ReplyForm, "reply_form", action, _("Mensagem enviada."))


@require_POST
def track_rate(request, protocol):
    def action(req, data, holds_code):
        services.rate(
            req,
            score=data["score"],
            comment=data["comment"],
            by=_by(request),
            holds_code=holds_code,
        )

    return _act(request, protocol, RatingForm, "rating_form", action, _("Obrigado pela avaliação."))


def _reopened(req) -> str:
    return _("Manifestação reaberta.") if req.is_manifestation else _("Pedido reaberto.")


@require_POST
def track_reopen(request, protocol):
    def action(req, data, holds_code):
        services.reopen(req, reason=data["reason"], by=_by(request), holds_code=holds_code)

    return _act(request, protocol, ReopenForm, "reopen_form", action, _reopened)


@require_POST
def track_appeal(request, protocol):
    def action(req, data, holds_code):
        services.appeal(req, text=data["text"], by=_by(request), holds_code=holds_code)

    return _act(request, protocol, AppealForm, "appeal_form", action, _("Recurso apresentado."))
