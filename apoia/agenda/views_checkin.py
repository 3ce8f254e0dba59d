"""The staff's check-in page of an event: a code typed, pasted or scanned, the list of
presence with checkboxes, the code announced in online sessions, the counts per municipality
(and their CSV), and the certificates.

The QR code of a registration encodes this page's URL with `?codigo=<code>`: the staff's phone
camera opens it with the code filled in (nothing is recorded until they press the button, a
GET changes nothing). Anyone else following it is sent to the public registration page of
that code (the code is its capability); a code not of this event answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.agenda import queries
from apoia.agenda.forms_registrations import AttendanceCodeForm, CheckinCodeForm
from apoia.agenda.models import Event, RegistrationStatus
from apoia.agenda.services import registrations as services
from apoia.lib.spreadsheets import csv_response

PER_PAGE = 100


def _managed(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("state", "unit"), pk=pk)
    if not queries.may_manage_event(request.user, event):
        raise Http404
    return event


def checkin(request, pk):
    code = request.GET.get("codigo", "").strip()[:40]
    event = Event.objects.select_related("state", "unit").filter(pk=pk).first()
    if event is None or not queries.may_manage_event(request.user, event):
        # The QR code followed by someone who is not the event's staff.
        if event is not None and code and (found := services.find_in_event(event, code)):
            return redirect("agenda:registration", found.code)
        if not request.user.is_authenticated and event is not None:
            return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")
        raise Http404
    now = timezone.now()
    found = services.find_in_event(event, code) if code else None
    form = CheckinCodeForm(initial={"code": code})
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("municipality", "certificate")
        .order_by("status", "municipality__name", "name", "pk")
    )
    page = Paginator(registrations, PER_PAGE).get_page(request.GET.get("page"))
    by_municipality = queries.attendance_by_municipality(event)
    return render(
        request,
        "agenda/registrations/checkin.html",
        {
            "event": event,
            "tz": event.state.timezone,
            "form": form,
            "code": code,
            "found": found,
            "found_refusal": services._refusal(found) if found else None,
            "page_obj": page,
            "registrations": page.object_list,
            "by_municipality": by_municipality,
            "totals": {
                "registered": sum(r["registered"] for r in by_municipality),
                "waiting": sum(r["waiting"] for r in by_municipality),
                "attended": sum(r["attended"] for r in by_municipality),
            },
            "attendance_form": AttendanceCodeForm() if event.shows_link else None,
            "online_open": queries.online_checkin_open(event, now),
            "ended": queries.event_ended(event, now),
            "certificates": [r.certificate for r in page.object_list if hasattr(r, "certificate")],
            "breadcrumbs": [
                (_("Gestão da agenda"), reverse("agenda:staff_home")),
                (event.title, event.get_absolute_url()),
                (_("Presenças"), None),
            ],
        },
    )


@login_required
@require_POST
def checkin_code(request, pk):
    event = _managed(request, pk)
    form = CheckinCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Digite o código da inscrição."))
        return redirect("agenda:checkin", event.pk)
    try:
        found = services.check_in(event, code=form.cleaned_data["code"], by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except services.CheckinRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Presença registrada: %(name)s (%(municipality)s).")
            % {"name": found.name, "municipality": found.municipality.name},
        )
    return redirect("agenda:checkin", event.pk)


def _ids(values) -> set[int]:
    found = set()
    for value in values:
        try:
            found.add(int(value))
        except (TypeError, ValueError):
            continue
    return found


@login_required
@require_POST
def checkin_list(request, pk):
    event = _managed(request, pk)
    result = services.set_attendance(
        event,
        shown=_ids(request.POST.getlist("shown")),
        ticked=_ids(request.POST.getlist("attended")),
        by=request.user,
    )
    messages.success(
        request,
        _("Lista de presença salva: %(added)d presença(s) marcada(s), %(removed)d desmarcada(s).")
        % {"added": len(result["added"]), "removed": len(result["removed"])},
    )
    if result["kept"]:
        messages.warning(
            request,
            _("Têm certificado emitido e continuam presentes: %(names)s.")
            % {"names": ", ".join(result["kept"])},
        )
    page = request.POST.get("page", "")
    url = reverse("agenda:checkin", args=[event.pk])
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_POST
def attendance_code(request, pk):
    event = _managed(request, pk)
    form = AttendanceCodeForm(request.POST)
    code = form.cleaned_data["attendance_code"] if form.is_valid() else ""
    try:
        event = services.set_attendance_code(event, by=request.user, code=code)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Código de presença: %(code)s. Anuncie-o durante a sessão.")
            % {"code": event.attendance_code},
        )
    return redirect("agenda:checkin", event.pk)


@login_required
def checkin_csv(request, pk):
    event = _managed(request, pk)
    rows = [
        (row["ibge"], row["name"], row["registered"], row["waiting"], row["attended"])
        for row in queries.attendance_by_municipality(event)
    ]
    return csv_response(
        f"presencas-evento-{event.pk}.csv",
        [_("Código IBGE"), _("Município"), _("Inscritos"), _("Lista de espera"), _("Presentes")],
        rows,
    )
