"""The staff's pages of MROSC partnerships: the unit's list, a new partnership and one page per
lifecycle action (each also offered as a panel on the partnership's page).

Who may do what is asked of apoia.society.queries_partnerships (a partnership outside the
person's state is a 404); what the status allows, and every rule, of the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apoia.accounts.models import OrgUnit
from apoia.society import forms_partnerships as forms
from apoia.society import queries_partnerships as queries
from apoia.society import services_partnerships as services
from apoia.society.queries import is_society_staff

PER_PAGE = 20


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal next to the field it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _action_forms():
    """Each action: (form, title, success message, service call)."""
    return {
        "selection": (
            forms.SelectionForm,
            gettext_lazy("Registrar a seleção"),
            gettext_lazy("Seleção registrada."),
            lambda by, p, data: services.register_selection(by=by, partnership=p, **data),
        ),
        "term": (
            forms.TermForm,
            gettext_lazy("Assinar o termo"),
            gettext_lazy("Termo registrado; a parceria está em execução."),
            lambda by, p, data: services.sign_term(by=by, partnership=p, **data),
        ),
        "amendment": (
            forms.AmendmentForm,
            gettext_lazy("Registrar um aditivo"),
            gettext_lazy("Aditivo registrado."),
            lambda by, p, data: services.add_amendment(by=by, partnership=p, **data),
        ),
        "report": (
            forms.ReportForm,
            gettext_lazy("Pedir uma prestação de contas"),
            gettext_lazy("Prestação de contas pedida."),
            lambda by, p, data: services.add_report_due(by=by, partnership=p, **data),
        ),
        "closure": (
            forms.ClosureForm,
            gettext_lazy("Encerrar a parceria"),
            gettext_lazy("Parceria encerrada."),
            lambda by, p, data: services.close_partnership(by=by, partnership=p, **data),
        ),
        "cancellation": (
            forms.CancellationForm,
            gettext_lazy("Cancelar a parceria"),
            gettext_lazy("Parceria cancelada."),
            lambda by, p, data: services.cancel_partnership(by=by, partnership=p, **data),
        ),
        "receipt": (
            forms.ReceiptForm,
            gettext_lazy("Registrar o recebimento"),
            gettext_lazy("Recebimento registrado."),
            lambda by, r, data: services.register_receipt(by=by, report=r, **data),
        ),
        "opinion": (
            forms.OpinionForm,
            gettext_lazy("Dar o parecer técnico"),
            gettext_lazy("Parecer registrado."),
            lambda by, r, data: services.give_opinion(by=by, report=r, **data),
        ),
    }


ACTIONS = _action_forms()


def make_form(action: str, partnership, data=None):
    form_class = ACTIONS[action][0]
    if form_class is forms.SelectionForm:
        organizations = queries.selectable_organizations(partnership)
        return form_class(data, organizations=organizations, prefix=action)
    return form_class(data, prefix=action)


def action_url(action: str, target) -> str:
    return reverse(f"society:partnership_{action}", args=[target.pk])


def action_panels(partnership) -> list[dict]:
    """The forms of the actions the partnership's status allows, for its page."""
    return [
        {
            "action": action,
            "title": ACTIONS[action][1],
            "form": make_form(action, partnership),
            "url": action_url(action, partnership),
        }
        for action in services.allowed_actions(partnership)
    ]


def _run_action(request, action, partnership, target):
    form_class, title, success, call = ACTIONS[action]
    allowed = (
        services.allowed_actions(partnership)
        if target is partnership
        else services.report_actions(target)
    )
    if request.method == "GET" and action not in allowed:
        # Only the actions the status allows are offered; a POST still runs the service,
        # which says why it is refused (the same message as the API's 409).
        messages.info(
            request,
            _("“%(action)s” não está disponível na situação atual da parceria (%(status)s).")
            % {"action": title, "status": partnership.get_status_display()},
        )
        return redirect(partnership.get_absolute_url())
    form = make_form(action, partnership, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            call(request.user, target, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(success))
            return redirect(partnership.get_absolute_url())
    return render(
        request,
        "society/partnerships/action.html",
        {
            "partnership": partnership,
            "target": target,
            "form": form,
            "title": title,
            "action_url": action_url(action, target),
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (partnership.title, partnership.get_absolute_url()),
                (title, ""),
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_action(request, pk, action):
    partnership = queries.get_managed_partnership(request.user, pk)
    return _run_action(request, action, partnership, partnership)


@login_required
@require_http_methods(["GET", "POST"])
def report_action(request, pk, action):
    report = queries.get_managed_report(request.user, pk)
    return _run_action(request, action, report.partnership, report)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_new(request):
    units = queries.units_for_new_partnership(request.user)
    if not units.exists():
        raise Http404
    form = forms.PartnershipForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            partnership = services.create_partnership(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Parceria cadastrada."))
            return redirect(partnership.get_absolute_url())
    return render(
        request,
        "society/partnerships/new.html",
        {
            "form": form,
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (_("Nova parceria"), ""),
            ],
        },
    )


@login_required
def partnership_manage_list(request):
    """ "Parcerias da minha unidade": by default the person's own units, with late reports."""
    if not is_society_staff(request.user):
        raise Http404
    today = timezone.localdate()
    managed = queries.managed_partnerships(request.user)
    units = OrgUnit.objects.filter(pk__in=managed.values("unit")).select_related("state")
    form = forms.StaffFilterForm(request.GET or None, units=units)
    if request.GET and not form.is_valid():
        qs = managed.none()
    else:
        data = form.cleaned_data if request.GET else {}
        qs = queries.staff_partnerships(
            request.user,
            today=today,
            unit=data.get("unit"),
            status=data.get("status", ""),
            term_kind=data.get("term_kind", ""),
            text=data.get("q", ""),
            late_only=data.get("late", False),
        )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "society/partnerships/manage_list.html",
        {
            "form": form,
            "page_obj": page,
            "partnerships": page.object_list,
            "today": today,
            "may_create": queries.may_create_partnership(request.user),
            "breadcrumbs": [
                (_("Parcerias"), reverse("society:partnerships")),
                (_("Parcerias da minha unidade"), ""),
            ],
        },
    )
