"""Pages of the one-to-one support appointments: thin, over services.appointments and the
rules in queries (an appointment out of the caller's reach answers 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.accounts.models import OrgUnit, Theme
from apoia.agenda import queries
from apoia.agenda.forms_appointments import BookForm, CancelForm, RescheduleForm, SlotForm
from apoia.agenda.models import Appointment, AppointmentStatus, Slot
from apoia.agenda.services import appointments as services

PER_PAGE = 25


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _crumbs(*tail):
    return [(_("Agenda"), reverse("agenda:index")), *tail]


# --- the municipality's side --------------------------------------------------------------


def slots(request):
    """Available future slots, filtered by theme and unit; the focal point books from here."""
    now = timezone.now()
    qs = queries.available_slots(now).order_by("start", "pk")
    theme = request.GET.get("tema", "").strip()[:80]
    unit = request.GET.get("unidade", "").strip()[:80]
    if theme:
        qs = qs.filter(theme__slug=theme)
    if unit:
        qs = qs.filter(unit__slug=unit)
    all_free = queries.available_slots(now)
    themes = Theme.objects.filter(pk__in=all_free.values("theme_id")).order_by("name")
    units = OrgUnit.objects.filter(pk__in=all_free.values("unit_id")).order_by("name")
    municipalities = queries.booking_municipalities(request.user)
    mine = (
        queries.appointments_visible_to(request.user)
        .filter(municipality__in=municipalities)
        .order_by("-slot__start")[:20]
        if municipalities
        else []
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/appointments/slots.html",
        {
            "page_obj": page,
            "slots": page.object_list,
            "themes": themes,
            "units": units,
            "theme": theme,
            "unit": unit,
            "may_book": bool(municipalities),
            "service_state": getattr(queries.appointment_service(), "state", None),
            "mine": mine,
            "breadcrumbs": _crumbs((_("Atendimento individualizado"), None)),
        },
    )


@login_required
def book(request, pk):
    slot = get_object_or_404(
        Slot.objects.select_related("unit__state", "theme", "technician"), pk=pk
    )
    municipalities = queries.booking_municipalities(request.user)
    if not municipalities:
        raise Http404
    form = BookForm(request.POST or None, slot=slot, municipalities=municipalities)
    refusal = services._slot_refusal(slot, timezone.now())
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.book(
                slot,
                by=request.user,
                question=form.cleaned_data["question"],
                modality=form.cleaned_data.get("modality", ""),
                municipality=form.cleaned_data.get("municipality"),
            )
        except PermissionDenied:
            raise Http404 from None
        except services.SlotTaken as exc:
            messages.error(request, exc.message)
            return redirect("agenda:slots")
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Atendimento agendado (protocolo %(protocol)s). A confirmação foi por e-mail.")
                % {"protocol": appointment.request.protocol},
            )
            return redirect(appointment)
    return render(
        request,
        "agenda/appointments/book.html",
        {
            "slot": slot,
            "form": form,
            "refusal": refusal,
            "breadcrumbs": _crumbs(
                (_("Atendimento individualizado"), reverse("agenda:slots")), (_("Agendar"), None)
            ),
        },
    )


@login_required
def appointment(request, pk):
    found = queries.get_appointment_for(request.user, pk)
    may_change = found.status == AppointmentStatus.BOOKED and queries.may_change_appointment(
        request.user, found
    )
    targets = list(services.reschedule_targets(found)[:100]) if may_change else []
    is_staff = queries.may_manage_slots(request.user, found.slot.unit)
    if is_staff:
        protocol_url = found.request.get_absolute_url()
    else:
        protocol_url = reverse("protocol:track_detail", args=[found.request.protocol_slug])
    return render(
        request,
        "agenda/appointments/detail.html",
        {
            "appointment": found,
            "slot": found.slot,
            "tz": found.slot.unit.state.timezone,
            "protocol_url": protocol_url,
            "may_change": may_change,
            "cancel_form": CancelForm() if may_change else None,
            "reschedule_form": RescheduleForm(slots=targets) if targets else None,
            "is_staff": is_staff,
            "breadcrumbs": _crumbs(
                (
                    _("Atendimentos da unidade") if is_staff else _("Atendimento individualizado"),
                    reverse("agenda:staff_slots" if is_staff else "agenda:slots"),
                ),
                (found.request.protocol, None),
            ),
        },
    )


@login_required
@require_POST
def cancel(request, pk):
    found = queries.get_appointment_for(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        services.cancel(found, by=request.user, reason=reason)
    except PermissionDenied:
        raise Http404 from None
    except services.AppointmentClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Atendimento cancelado; o horário voltou a ficar livre."))
    return redirect(found)


@login_required
@require_POST
def reschedule(request, pk):
    found = queries.get_appointment_for(request.user, pk)
    target = (
        Slot.objects.filter(pk=request.POST.get("slot") or 0).first()
        if (request.POST.get("slot") or "").isdigit()
        else None
    )
    if target is None:
        messages.error(request, _("Escolha o novo horário."))
        return redirect(found)
    try:
        services.reschedule(
            found, to=target, by=request.user, modality=request.POST.get("modality", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except (services.SlotTaken, services.AppointmentClosed) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Atendimento remarcado; avisamos os dois lados por e-mail."))
    return redirect(found)


# --- the unit's side ----------------------------------------------------------------------

STATUS_FILTERS = {
    "livre": _("Livres"),
    "agendado": _("Agendados"),
    "cancelado": _("Com agendamento cancelado"),
    "retirado": _("Retirados"),
}


def _staff_units(request):
    units = list(
        queries.slot_units(request.user).select_related("state").prefetch_related("themes")
    )
    if not units:
        raise Http404
    return units


@login_required
def staff_slots(request):
    units = _staff_units(request)
    chosen = request.GET.get("unidade", "").strip()[:80]
    status = request.GET.get("situacao", "").strip()
    when = request.GET.get("quando", "futuros")
    now = timezone.now()
    qs = Slot.objects.filter(unit__in=units).select_related("unit__state", "theme", "technician")
    if chosen:
        qs = qs.filter(unit__slug=chosen)
    if when == "passados":
        qs = qs.filter(start__lte=now).order_by("-start", "pk")
    else:
        qs = qs.filter(start__gt=now).order_by("start", "pk")
    live = Q(appointments__status__in=[AppointmentStatus.BOOKED, AppointmentStatus.DONE])
    if status == "livre":
        qs = qs.filter(withdrawn_at__isnull=True).exclude(live)
    elif status == "agendado":
        qs = qs.filter(live).distinct()
    elif status == "cancelado":
        qs = qs.filter(appointments__status=AppointmentStatus.CANCELLED).distinct()
    elif status == "retirado":
        qs = qs.filter(withdrawn_at__isnull=False)
    qs = qs.prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("municipality", "request").order_by("pk"),
        )
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for slot in page.object_list:
        bookings = list(slot.appointments.all())
        rows.append(
            {
                "slot": slot,
                "live": next(
                    (a for a in bookings if a.status != AppointmentStatus.CANCELLED), None
                ),
                "cancelled": [a for a in bookings if a.status == AppointmentStatus.CANCELLED],
            }
        )
    return render(
        request,
        "agenda/appointments/staff_slots.html",
        {
            "page_obj": page,
            "rows": rows,
            "units": units,
            "unit": chosen,
            "status": status,
            "when": when,
            "status_filters": STATUS_FILTERS,
            "breadcrumbs": _crumbs((_("Atendimentos da unidade"), None)),
        },
    )


@login_required
def slot_new(request):
    units = _staff_units(request)
    form = SlotForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.publish_slots(
                unit=data["unit"],
                theme=data["theme"],
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                duration_minutes=data["duration_minutes"],
                modality=data["modality"],
                place=data["place"],
                url=data["url"],
                by=request.user,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)d horário(s) publicado(s).") % {"count": len(created)},
            )
            return redirect("agenda:staff_slots")
    return render(
        request,
        "agenda/appointments/slot_form.html",
        {
            "form": form,
            "breadcrumbs": _crumbs(
                (_("Atendimentos da unidade"), reverse("agenda:staff_slots")),
                (_("Publicar horários"), None),
            ),
        },
    )


@login_required
@require_POST
def slot_withdraw(request, pk):
    units = _staff_units(request)
    slot = get_object_or_404(Slot.objects.select_related("unit"), pk=pk, unit__in=units)
    try:
        services.withdraw_slot(slot, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except services.SlotTaken as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Horário retirado."))
    return redirect("agenda:staff_slots")
