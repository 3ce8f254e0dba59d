"""Recording a hearing's or forum's minutes and participating organizations (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.agenda import queries_participation
from apoia.agenda.forms_events import ParticipationForm
from apoia.agenda.services import participation
from apoia.agenda.views_staff_events import _crumbs, _form_errors, _managed


@login_required
def event_participation(request, pk):
    event = _managed(request.user, pk)
    if not participation.may_record_participation(request.user, event):
        raise Http404
    form = ParticipationForm(
        request.POST or None,
        organizations=queries_participation.organizations_for_state(event.state_id),
        initial={
            "minutes": event.minutes,
            "organizations": list(event.participating_organizations.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            participation.record_participation(
                event,
                by=request.user,
                minutes=form.cleaned_data["minutes"],
                organizations=list(form.cleaned_data["organizations"]),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Ata e participantes salvos."))
            return redirect(event)
    return render(
        request,
        "agenda/staff/event_action.html",
        {
            "event": event,
            "form": form,
            "title": _("Ata e participantes"),
            "button": _("Salvar"),
            "action": reverse("agenda:events_participation", args=[event.pk]),
            "breadcrumbs": _crumbs(
                (event.title, event.get_absolute_url()), (_("Ata e participantes"), None)
            ),
        },
    )
