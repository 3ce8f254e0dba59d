"""Delivery pages: a delivery with its evidence, reviews and requests for more time, the
forms of whoever may act on it, the evidence download, and the staff review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.programs import queries, queries_deliveries
from apoia.programs.forms_deliveries import (
    AnswerForm,
    ClarificationForm,
    EvidenceForm,
    QueueFilterForm,
    ReviewForm,
)
from apoia.programs.models import Clarification, DeliveryStatus, EvidenceType, Program
from apoia.programs.services import deliveries as services
from apoia.protocol.files import download_name

PAGE_SIZE = 25
# One page holds several forms with fields of the same name: each its own ids.
EVIDENCE_IDS, REVIEW_IDS, ASK_IDS, ANSWER_IDS = "evidence-%s", "review-%s", "ask-%s", "answer-%s"


def _crumbs(delivery, *tail):
    plan = delivery.item.plan
    adhesion = plan.adhesion
    if adhesion is None:  # a strategic project's delivery
        project = plan.phase.program
        return [
            (_("Projetos estratégicos"), reverse("programs:projects")),
            (project.name, project.get_absolute_url()),
            *tail,
        ]
    return [
        (_("Programas"), reverse("programs:list")),
        (adhesion.program.name, adhesion.program.get_absolute_url()),
        (str(adhesion.municipality), reverse("programs:adhesion", args=[adhesion.pk])),
        (_("Plano de ação"), plan.get_absolute_url()),
        *tail,
    ]


def _put_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request, delivery, *, status=200, **forms):
    user = request.user
    today = timezone.localdate()
    may_send = queries_deliveries.may_send_evidence(user, delivery)
    may_review = queries_deliveries.may_review(user, delivery)
    open_request = queries_deliveries.open_clarification(delivery)
    takes = delivery.takes_evidence
    kinds = list(delivery.delivery.evidence_types)
    labels = dict(EvidenceType.choices)
    context = {
        "delivery": delivery,
        "action": delivery.delivery.action,
        "plan": delivery.item.plan,
        "municipality": delivery.item.plan.municipality,
        "project": delivery.item.plan.phase.program if delivery.item.plan.is_project else None,
        "late": delivery.is_late_on(today),
        "age": queries_deliveries.waiting_age(delivery, today),
        "evidence": queries_deliveries.evidence_by_type(delivery),
        "reviews": queries_deliveries.reviews_of(delivery),
        "clarifications": queries_deliveries.clarifications_of(delivery),
        "open_request": open_request,
        "missing": [labels.get(k, k) for k in services.missing_types(delivery)]
        if may_send and takes
        else [],
        "evidence_form": forms.get("evidence_form")
        or (EvidenceForm(kinds=kinds, auto_id=EVIDENCE_IDS) if may_send and takes else None),
        "may_submit": may_send and takes,
        "review_form": forms.get("review_form")
        or (
            ReviewForm(delivery=delivery, auto_id=REVIEW_IDS)
            if may_review and delivery.status == DeliveryStatus.SUBMITTED
            else None
        ),
        "clarification_form": forms.get("clarification_form")
        or (
            ClarificationForm(auto_id=ASK_IDS)
            if may_send and delivery.status != DeliveryStatus.VALIDATED and open_request is None
            else None
        ),
        "answer_form": forms.get("answer_form")
        or (
            AnswerForm(initial={"new_due": open_request.proposed_due}, auto_id=ANSWER_IDS)
            if open_request is not None
            and queries_deliveries.may_answer_clarification(user, delivery)
            else None
        ),
        "works_on_deliveries": queries_deliveries.works_on_deliveries(user),
        # The footer: who to call about this delivery is the unit that offers the action.
        "page_contact": delivery.delivery.action.unit.contact,
        "breadcrumbs": _crumbs(delivery, (delivery.delivery.title, None)),
    }
    return render(request, "programs/deliveries/detail.html", context, status=status)


@login_required
def delivery_detail(request, pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    return _page(request, delivery)


def _done(request, delivery, message):
    messages.success(request, message)
    return redirect(delivery)


@login_required
@require_POST
def evidence_send(request, pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    form = EvidenceForm(
        request.POST,
        request.FILES,
        kinds=list(delivery.delivery.evidence_types),
        auto_id=EVIDENCE_IDS,
    )
    if form.is_valid():
        try:
            row = services.send_evidence(
                delivery,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data.get("file"),
                value=form.cleaned_data.get("value", ""),
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        except services.DeliveryTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(delivery)
        else:
            return _done(
                request,
                delivery,
                _("Evidência enviada (%(kind)s, versão %(version)d).")
                % {"kind": row.get_kind_display(), "version": row.version},
            )
    return _page(request, delivery, evidence_form=form, status=422)


@login_required
@require_POST
def delivery_submit(request, pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    try:
        services.submit_delivery(delivery, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except services.DeliveryTransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Entrega enviada para validação."))
    return redirect(delivery)


@login_required
@require_POST
def delivery_review(request, pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    if not queries_deliveries.may_review(request.user, delivery):
        raise PermissionDenied(
            _("Só a unidade que oferta a ação (ou um administrador) analisa esta entrega.")
        )
    form = ReviewForm(request.POST, delivery=delivery, auto_id=REVIEW_IDS)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.review_delivery(
                delivery,
                decision=decision,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                new_due=form.cleaned_data["new_due"],
                checklist=form.checklist(),
                by=request.user,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        except services.DeliveryTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(delivery)
        else:
            return _done(
                request,
                delivery,
                _("Entrega validada.")
                if decision == "validate"
                else _("Entrega devolvida ao município."),
            )
    return _page(request, delivery, review_form=form, status=422)


@login_required
@require_POST
def clarification_ask(request, pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    form = ClarificationForm(request.POST, auto_id=ASK_IDS)
    if form.is_valid():
        try:
            services.ask_clarification(
                delivery,
                justification=form.cleaned_data["justification"],
                proposed_due=form.cleaned_data["proposed_due"],
                by=request.user,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        except services.DeliveryTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(delivery)
        else:
            return _done(request, delivery, _("Pedido de mais prazo enviado."))
    return _page(request, delivery, clarification_form=form, status=422)


@login_required
@require_POST
def clarification_answer(request, pk, clarification_pk):
    delivery = queries_deliveries.get_delivery_for(request.user, pk)
    clarification = Clarification.objects.filter(pk=clarification_pk, delivery=delivery).first()
    if clarification is None:
        raise Http404
    form = AnswerForm(request.POST, auto_id=ANSWER_IDS)
    if form.is_valid():
        granted = form.cleaned_data["decision"] == "grant"
        try:
            services.answer_clarification(
                clarification,
                granted=granted,
                answer=form.cleaned_data["answer"],
                new_due=form.cleaned_data["new_due"],
                by=request.user,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        except services.DeliveryTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(delivery)
        else:
            return _done(
                request,
                delivery,
                _("Novo prazo concedido.") if granted else _("Pedido de mais prazo negado."),
            )
    return _page(request, delivery, answer_form=form, status=422)


@login_required
def evidence_download(request, pk, evidence_pk):
    row = queries_deliveries.get_evidence_for(request.user, pk, evidence_pk)
    if not row.is_file:
        raise Http404
    try:
        stream = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response: HttpResponse = FileResponse(
        stream,
        as_attachment=True,
        filename=download_name(row.original_name or row.file.name, row.content_type),
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def review_queue(request):
    user = request.user
    if not queries_deliveries.works_on_deliveries(user):
        raise PermissionDenied(_("A fila de entregas é das unidades que ofertam ações."))
    base = queries_deliveries.review_queue(user)
    programs = Program.objects.filter(pk__in=base.values("item__plan__phase__program")).order_by(
        "name"
    )
    form = QueueFilterForm(request.GET or None, programs=programs)
    today = timezone.localdate()
    filters = form.filters()
    qs = queries_deliveries.filter_deliveries(base, today=today, **filters)
    # Oldest first: the one waiting longest for validation, then the earliest due.
    qs = queries_deliveries.with_late(qs, today).order_by("submitted_at", "due", "pk")
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calendars = queries_deliveries.Calendars()
    items = [
        {
            "delivery": d,
            "late": d.is_late_today,
            "age": queries_deliveries.waiting_age(d, today, calendars),
        }
        for d in page_obj.object_list
    ]
    return render(
        request,
        "programs/deliveries/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": items,
            "alert_days": queries_deliveries.WAITING_ALERT_DAYS,
            "is_program_staff": queries.is_program_staff(user),
            "breadcrumbs": [(_("Entregas para validar"), None)],
        },
    )
