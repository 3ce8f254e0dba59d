"""Staff pages of programs (and the focal point's own adhesion page): phases, adhesions,
their exports and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.accounts.models import User
from apoia.lib import spreadsheets
from apoia.programs import queries, services, terms
from apoia.programs.forms import (
    AdhesionFilterForm,
    PhaseForm,
    ProgramForm,
    RenewForm,
    WithdrawForm,
)
from apoia.programs.history import history_rows
from apoia.programs.models import Phase, Program


def _managed(user, slug):
    program = queries.managed_programs(user).filter(slug=slug).first()
    if program is None:
        raise Http404
    return program


@login_required
def programs(request):
    found = list(queries.managed_programs(request.user).prefetch_related("phases"))
    if not found:
        raise Http404
    return render(
        request,
        "programs/staff/programs.html",
        {"programs": found, "breadcrumbs": [(_("Gestão de programas"), None)]},
    )


@login_required
def program(request, slug):
    program = _managed(request.user, slug)
    phases = list(program.phases.all())
    records = list(program.history.select_related("history_user"))
    records += list(Phase.history.filter(program_id=program.pk).select_related("history_user"))
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return render(
        request,
        "programs/staff/program.html",
        {
            "program": program,
            "phases": phases,
            "may_manage": queries.is_manager(request.user, program),
            "summary": queries.adhesion_summary(program),
            "history": history_rows(records),
            "breadcrumbs": [
                (_("Gestão de programas"), reverse("programs:staff_programs")),
                (program.name, None),
            ],
        },
    )


@login_required
def program_edit(request, slug):
    program = _managed(request.user, slug)
    if not queries.is_manager(request.user, program):
        raise PermissionDenied(_("Só a gestão do programa pode editá-lo."))
    status = 200
    if request.method == "POST":
        # The form works on a copy: a refused edit leaves `program` as stored.
        form = ProgramForm(request.POST, instance=Program.objects.get(pk=program.pk))
        if form.is_valid():
            try:
                services.update_program(
                    program,
                    by=request.user,
                    **{name: form.cleaned_data[name] for name in form.Meta.fields},
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Programa atualizado."))
                return redirect("programs:staff_program", program.slug)
        status = 400
    else:
        form = ProgramForm(instance=program)
    return render(
        request,
        "programs/staff/program_edit.html",
        {
            "program": program,
            "form": form,
            "breadcrumbs": [
                (_("Gestão de programas"), reverse("programs:staff_programs")),
                (program.name, reverse("programs:staff_program", args=[program.slug])),
                (_("Editar"), None),
            ],
        },
        status=status,
    )


@login_required
def phase_edit(request, slug, phase):
    program = _managed(request.user, slug)
    if not queries.is_manager(request.user, program):
        raise PermissionDenied(_("Só a gestão do programa pode alterar as fases."))
    found = program.phases.filter(slug=phase).first()
    if found is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = PhaseForm(request.POST, instance=Phase.objects.get(pk=found.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.update_phase(found, by=request.user, **fields)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("Fase atualizada."))
                return redirect("programs:staff_program", program.slug)
        status = 400
    else:
        form = PhaseForm(instance=found)
    return render(
        request,
        "programs/staff/phase_edit.html",
        {
            "program": program,
            "phase": found,
            "form": form,
            "history": history_rows(found.history.select_related("history_user")),
            "breadcrumbs": [
                (_("Gestão de programas"), reverse("programs:staff_programs")),
                (program.name, reverse("programs:staff_program", args=[program.slug])),
                (found.name, None),
            ],
        },
        status=status,
    )


def _export_rows(adhesions):
    for a in adhesions:
        yield [
            a.municipality.ibge,
            a.municipality.name,
            a.phase.name if a.phase_id else "",
            a.get_status_display(),
            a.since,
            a.request.protocol if a.request_id else "",
            "; ".join(f"{fp.name} ({fp.role}) <{fp.email}>" for fp in a.focal_points.all()),
        ]


EXPORT_HEADERS = (
    "IBGE",
    "Município",
    "Fase",
    "Situação",
    "Desde",
    "Protocolo",
    "Pontos focais",
)


@login_required
def adhesions(request, slug):
    program = _managed(request.user, slug)
    form = AdhesionFilterForm(request.GET or None, program=program)
    qs = queries.adhesions_visible_to(request.user).filter(program=program)
    if form.is_valid():
        qs = queries.filter_adhesions(
            qs,
            phase=form.cleaned_data["phase"],
            status=form.cleaned_data["status"],
            municipality=form.cleaned_data["municipality"],
        )
    qs = qs.prefetch_related("focal_points").order_by("municipality__name", "phase__order")
    download = request.GET.get("formato")
    if download in ("csv", "xlsx"):
        headers = [_(h) for h in EXPORT_HEADERS]
        filename = f"adesoes-{program.slug}.{download}"
        if download == "csv":
            return spreadsheets.csv_response(filename, headers, _export_rows(qs))
        return spreadsheets.xlsx_response(filename, headers, _export_rows(qs), title=_("Adesões"))
    query = request.GET.copy()
    query.pop("formato", None)
    return render(
        request,
        "programs/staff/adhesions.html",
        {
            "program": program,
            "form": form,
            "adhesions": list(qs),
            "query": query.urlencode(),
            "breadcrumbs": [
                (_("Gestão de programas"), reverse("programs:staff_programs")),
                (program.name, reverse("programs:staff_program", args=[program.slug])),
                (_("Adesões"), None),
            ],
        },
    )


@login_required
def adhesion(request, pk):
    found = queries.get_adhesion_for(request.user, pk)
    records = queries.adhesion_history(found)
    may_manage = queries.is_manager(request.user, found.program)
    return render(
        request,
        "programs/staff/adhesion.html",
        {
            "adhesion": found,
            "focal_points": list(found.focal_points.all()),
            "line": queries.chain(found),
            "history": history_rows(records),
            "application": getattr(found.request, "adhesion_application", None)
            if found.request_id
            else None,
            "withdraw_form": WithdrawForm(),
            "renew_form": RenewForm(adhesion=found) if found.phase_id else None,
            "may_act": may_manage
            or found.municipality_id in request.user.scope_ids("municipal", "municipality"),
            "breadcrumbs": [
                (_("Programas"), reverse("programs:list")),
                (found.program.name, found.program.get_absolute_url()),
                (str(found.municipality), None),
            ],
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    found = queries.get_adhesion_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_adhesion(found, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, _("Desistência registrada."))
            # A focal point whose role came only from this adhesion no longer sees it (read
            # afresh: request.user caches the roles it had).
            viewer = User.objects.get(pk=request.user.pk)
            if not queries.adhesions_visible_to(viewer).filter(pk=found.pk).exists():
                return redirect(found.program.get_absolute_url())
    else:
        messages.error(request, _("Informe o motivo da desistência."))
    return redirect("programs:adhesion", found.pk)


@login_required
@require_POST
def renew(request, pk):
    found = queries.get_adhesion_for(request.user, pk)
    form = RenewForm(request.POST, adhesion=found) if found.phase_id else None
    if form is not None and form.is_valid():
        try:
            renewal = services.renew_adhesion(
                found, phase=form.cleaned_data["phase"], by=request.user
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(
                request, _("Adesão renovada para a %(phase)s.") % {"phase": renewal.phase.name}
            )
            return redirect("programs:adhesion", renewal.pk)
    else:
        messages.error(request, _("Escolha uma fase seguinte, ainda não encerrada."))
    return redirect("programs:adhesion", found.pk)


@login_required
def term_pdf(request, pk):
    found = terms.issued_term(queries.get_adhesion_for(request.user, pk))
    try:
        with found.term_file.open("rb") as stream:
            pdf = stream.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="termo-adesao-{found.municipality.ibge}-{found.pk}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
