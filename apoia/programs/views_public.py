"""Public pages of programs: the list, a program's page with its adhesion map, the adhesion
request form, and the term of adhesion's verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apoia.indicators import maps
from apoia.lib.collation import reading_key
from apoia.programs import queries, services, terms
from apoia.programs.forms import AdhesionForm, FocalPointFormSet, put_errors
from apoia.programs.models import ProgramKind
from apoia.protocol.public_views import remember

ADHERED = "#1351b4"
NOT_ADHERED = "#dfe8f3"


def program_list(request):
    # Strategic projects have no adhesion: they are listed on /projetos/ for their staff.
    programs = list(
        queries.programs_visible_to(request.user)
        .exclude(kind=ProgramKind.PROJECT)
        .prefetch_related("phases")
    )
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "breadcrumbs": [(_("Programas"), None)]},
    )


def _profile_url(ibge: int) -> str:
    return reverse("indicators:profile", args=[ibge])


def adhesion_map(program, phase, adhered: set[int]) -> dict | None:
    """The state's SVG map with the adhered municipalities in the dark colour."""
    geometry = maps.state_geometry(program.state.uf)
    if not geometry["paths"]:
        return None
    shapes = []
    for ibge, (name, d) in geometry["paths"].items():
        joined = ibge in adhered
        shapes.append(
            {
                "ibge": ibge,
                "name": name,
                "d": d,
                "colour": ADHERED if joined else NOT_ADHERED,
                "title": (
                    _("%(name)s: aderiu à %(phase)s")
                    if joined
                    else _("%(name)s: não aderiu à %(phase)s")
                )
                % {"name": name, "phase": phase.name},
                "url": _profile_url(ibge),
            }
        )
    return {"geometry": geometry, "shapes": shapes, "adhered": ADHERED, "other": NOT_ADHERED}


def program_detail(request, slug):
    program = queries.get_program(slug)
    if program.is_project:
        # No adhesion to offer: the project's page (its staff's; 404 for everyone else).
        return redirect("programs:project", program.slug)
    summary = queries.adhesion_summary(program)
    phase = summary["phase"]
    adhesions = list(queries.active_adhesions(program, phase))
    adhesions.sort(key=lambda a: reading_key(a.municipality.name))
    headline = ""
    if phase is not None:
        headline = ngettext(
            "%(count)d de %(eligible)d municípios aderiu à %(phase)s",
            "%(count)d de %(eligible)d municípios aderiram à %(phase)s",
            summary["count"],
        ) % {"count": summary["count"], "eligible": summary["eligible"], "phase": phase.name}
    context = {
        "program": program,
        "phases": list(program.phases.all()),
        "units": list(program.units.all()),
        "summary": summary,
        "headline": headline,
        "adhesions": adhesions,
        "map": adhesion_map(program, phase, {a.municipality_id for a in adhesions})
        if phase
        else None,
        "may_request": bool(services.requestable_municipalities(request.user, program))
        and program.adhesion_service_id,
        "is_staff": queries.managed_programs(request.user).filter(pk=program.pk).exists(),
        # A focal point's way to its own adhesion (staff have the adhesion list instead).
        "own_adhesions": list(
            queries.adhesions_visible_to(request.user)
            .filter(program=program)
            .order_by("-since")[:5]
        ),
        "breadcrumbs": [(_("Programas"), reverse("programs:list")), (program.name, None)],
    }
    return render(request, "programs/program_detail.html", context)


def _focal_points(formset):
    return [form.data_object() for form in formset.forms]


@login_required
def adhere(request, slug):
    program = queries.get_program(slug)
    if (
        program.is_project
        or program.adhesion_service is None
        or not program.adhesion_service.is_published
    ):
        raise Http404
    municipalities = services.requestable_municipalities(request.user, program)
    breadcrumbs = [
        (_("Programas"), reverse("programs:list")),
        (program.name, program.get_absolute_url()),
        (_("Solicitar adesão"), None),
    ]
    if not municipalities:
        return render(
            request,
            "programs/adhere_denied.html",
            {"program": program, "breadcrumbs": breadcrumbs},
            status=403,
        )
    status = 200
    if request.method == "POST":
        form = AdhesionForm(request.POST, program=program, municipalities=municipalities)
        formset = FocalPointFormSet(request.POST, prefix="focal")
        if form.is_valid() and formset.is_valid():
            try:
                req = services.request_adhesion(
                    program=program,
                    phase=form.cleaned_data["phase"],
                    municipality=form.municipality_obj(),
                    focal_points=_focal_points(formset),
                    mayor_declaration=form.cleaned_data["mayor_declaration"],
                    by=request.user,
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                put_errors(form, formset, exc.message_dict)
            else:
                remember(request, req)
                messages.success(
                    request,
                    _("Pedido de adesão registrado com o protocolo %(protocol)s.")
                    % {"protocol": req.protocol},
                )
                return redirect("protocol:receipt", req.protocol_slug)
        status = 400
    else:
        form = AdhesionForm(program=program, municipalities=municipalities)
        formset = FocalPointFormSet(prefix="focal")
    return render(
        request,
        "programs/adhere.html",
        {
            "program": program,
            "form": form,
            "formset": formset,
            "breadcrumbs": breadcrumbs,
        },
        status=status,
    )


def verify(request, code):
    adhesion = terms.find_by_code(code)
    if adhesion is not None:
        adhesion = terms.issued_term(adhesion)
    return render(
        request,
        "programs/verify.html",
        {
            "adhesion": adhesion,
            # What the issued term says, not the adhesion as it is now.
            "term": terms.display_content(adhesion.term_content) if adhesion else None,
            "code": code,
            "breadcrumbs": [(_("Verificar termo de adesão"), None)],
        },
        status=200 if adhesion else 404,
    )
