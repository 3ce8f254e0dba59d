"""Pages of the legislative desk's bills: the public list and page (with, for staff of the
bill's state, the opinion requests and the consolidation), the desk's forms and actions.
Every rule is asked of `queries`; every change goes through the services."""

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

from apoia.legislative import queries, services_bills, services_opinions
from apoia.legislative.forms_bills import (
    AnswerForm,
    BillForm,
    ConsolidationForm,
    NewBillForm,
    RoutingForm,
    StatusForm,
)
from apoia.legislative.models import BillKind, BillStatus, House, OpinionRequest

PER_PAGE = 20


def _crumbs(*more):
    return [(_("Proposições legislativas"), reverse("legislative:bills")), *more]


def _form_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _filters(request) -> dict:
    get = request.GET

    def choice(name, values):
        return get.get(name, "") if get.get(name, "") in values else ""

    year = get.get("year", "").strip()
    return {
        "status": choice("status", BillStatus.values),
        "house": choice("house", House.values),
        "kind": choice("kind", BillKind.values),
        "year": year if year.isdigit() and len(year) == 4 else "",
        "q": get.get("q", "").strip()[:100],
    }


def bill_list(request):
    filters = _filters(request)
    page = Paginator(queries.filter_bills(**filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "legislative/bills/list.html",
        {
            "page_obj": page,
            "bills": page.object_list,
            "statuses": BillStatus.choices,
            "houses": House.choices,
            "kinds": BillKind.choices,
            **filters,
            "may_create": queries.may_follow_bills(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


def _detail(request, bill, http_status=200, **forms):
    user, today = request.user, timezone.localdate()
    internal = queries.may_see_internal(user, bill)
    is_desk = queries.is_desk_for(user, bill)
    requests = []
    if internal:
        for req in bill.opinion_requests.select_related("unit", "answered_by"):
            is_open = not req.answered_at and not req.cancelled_at
            may_answer = is_open and queries.is_consulted(user, req)
            requests.append(
                {
                    "req": req,
                    "open": is_open,
                    "late": is_open and req.due_on < today,
                    "answered_late": bool(req.answered_at)
                    and timezone.localdate(req.answered_at) > req.due_on,
                    "form": forms.get(f"answer_{req.pk}")
                    or (AnswerForm(prefix=f"answer-{req.pk}") if may_answer else None),
                    "may_cancel": is_open and is_desk,
                }
            )
    context = {
        "bill": bill,
        "history": bill.status_changes.all(),
        "affected_units": bill.affected_units.all(),
        "affected_programs": bill.affected_programs.all(),
        "internal": internal,
        "is_desk": is_desk,
        "requests": requests,
        "breadcrumbs": _crumbs((str(bill), "")),
    }
    if is_desk:
        context["status_form"] = forms.get("status") or StatusForm(
            initial={"status": bill.status, "happened_on": today}
        )
        context["routing_form"] = forms.get("routing") or RoutingForm(bill=bill)
        context["consolidation_form"] = forms.get("consolidation") or ConsolidationForm(
            initial={"position": bill.consolidated_position, "text": bill.consolidated_text}
        )
    return render(request, "legislative/bills/detail.html", context, status=http_status)


def bill_detail(request, pk):
    return _detail(request, queries.get_public_bill(pk))


def _desk_bill(request, pk):
    bill = queries.get_public_bill(pk)
    if not queries.is_desk_for(request.user, bill):
        raise PermissionDenied
    return bill


@login_required
def bill_new(request):
    desks = queries.desk_units(request.user)
    if not queries.may_follow_bills(request.user):
        raise Http404
    posted = request.POST.get("desk", "")
    desk = (
        (posted.isdigit() and desks.filter(pk=int(posted)).first())
        or desks.filter(slug=queries.DESK_SLUG).first()
        or desks.first()
    )
    state = desk.state if desk else None
    form = NewBillForm(
        request.POST or None,
        state=state,
        desks=desks,
        initial={
            "desk": desk,
            "house": House.STATE_ASSEMBLY,
            "year": timezone.localdate().year,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            bill = services_bills.create_bill(by=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("desk", str(error))
        else:
            messages.success(request, _("Proposição cadastrada."))
            return redirect(bill)
    return render(
        request,
        "legislative/bills/form.html",
        {
            "form": form,
            "title": _("Nova proposição"),
            "breadcrumbs": _crumbs((_("Nova proposição"), "")),
        },
    )


@login_required
def bill_edit(request, pk):
    bill = _desk_bill(request, pk)
    initial = {
        field: getattr(bill, field)
        for field in ("house", "municipality", "kind", "number", "year", "author", "summary")
    }
    initial |= {
        "link": bill.link,
        "affected_units": bill.affected_units.all(),
        "affected_programs": bill.affected_programs.all(),
    }
    form = BillForm(request.POST or None, state=bill.state, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_bills.edit_bill(by=request.user, bill=bill, **form.data_for_service())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Proposição atualizada."))
            return redirect(bill)
    return render(
        request,
        "legislative/bills/form.html",
        {
            "form": form,
            "bill": bill,
            "title": _("Editar %(bill)s") % {"bill": bill},
            "breadcrumbs": _crumbs((str(bill), bill.get_absolute_url()), (_("Editar"), "")),
        },
    )


def _act(request, bill, form, key, action, success):
    """Run `action(cleaned_data)` for a valid `form`; redirect on success, or show the page
    again with the form's errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(bill)
    return _detail(request, bill, http_status=422, **{key: form})


@login_required
@require_POST
def bill_status(request, pk):
    bill = _desk_bill(request, pk)
    return _act(
        request,
        bill,
        StatusForm(request.POST),
        "status",
        lambda data: services_bills.record_status(by=request.user, bill=bill, **data),
        _("Andamento registrado."),
    )


@login_required
@require_POST
def bill_routing(request, pk):
    bill = _desk_bill(request, pk)

    def route(data):
        created = services_opinions.route_bill(
            by=request.user,
            bill=bill,
            units=list(data["units"]),
            business_days=data["business_days"],
            question=data["question"],
        )
        return created

    return _act(
        request,
        bill,
        RoutingForm(request.POST, bill=bill),
        "routing",
        route,
        _("Pedidos de parecer enviados."),
    )


@login_required
@require_POST
def bill_consolidation(request, pk):
    bill = _desk_bill(request, pk)
    return _act(
        request,
        bill,
        ConsolidationForm(request.POST),
        "consolidation",
        lambda data: services_opinions.consolidate(by=request.user, bill=bill, **data),
        _("Posição consolidada registrada."),
    )


def _opinion_request(request, pk) -> OpinionRequest:
    """404 unless the user is staff of the bill's state (the requests are internal)."""
    req = OpinionRequest.objects.select_related("bill__state", "unit").filter(pk=pk).first()
    if req is None or not queries.may_see_internal(request.user, req.bill):
        raise Http404
    return req


@login_required
@require_POST
def opinion_answer(request, pk):
    req = _opinion_request(request, pk)
    if not queries.may_answer(request.user, req):
        raise PermissionDenied
    bill = queries.get_public_bill(req.bill_id)
    return _act(
        request,
        bill,
        AnswerForm(request.POST, prefix=f"answer-{req.pk}"),
        f"answer_{req.pk}",
        lambda data: services_opinions.answer_opinion(by=request.user, opinion_request=req, **data),
        _("Parecer registrado."),
    )


@login_required
@require_POST
def opinion_cancel(request, pk):
    req = _opinion_request(request, pk)
    bill = queries.get_public_bill(req.bill_id)
    if not queries.is_desk_for(request.user, bill):
        raise PermissionDenied
    try:
        services_opinions.cancel_opinion_request(by=request.user, opinion_request=req)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pedido de parecer cancelado."))
    return redirect(bill)
