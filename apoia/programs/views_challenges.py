"""Challenge pages: the public list and page (map and table of focal municipalities), and the
managers' adjustment and recomputation (preview, then confirm)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.indicators import maps
from apoia.programs import queries, queries_menu
from apoia.programs.forms_challenges import ChallengeForm
from apoia.programs.forms_menu import AdjustForm
from apoia.programs.history import history_rows
from apoia.programs.models import Challenge
from apoia.programs.services import challenges as services

FOCAL = maps.FLAGGED
NOT_FOCAL = maps.NOT_FLAGGED


def _breadcrumbs(program, *tail):
    return [
        (_("Programas"), reverse("programs:list")),
        (program.name, program.get_absolute_url()),
        *tail,
    ]


def focal_map(challenge: Challenge, rows) -> dict | None:
    """The state's SVG map (indicators' geometry) with the focal municipalities in red."""
    geometry = maps.state_geometry(challenge.phase.program.state.uf)
    if not geometry["paths"]:
        return None
    focal = {row.municipality_id: row for row in rows}
    shapes = []
    for ibge, (name, d) in geometry["paths"].items():
        row = focal.get(ibge)
        title = (
            _("%(name)s: focal (%(reasons)s)") % {"name": name, "reasons": "; ".join(row.reasons)}
            if row
            else _("%(name)s: não focal") % {"name": name}
        )
        shapes.append(
            {
                "ibge": ibge,
                "d": d,
                "colour": FOCAL if row else NOT_FOCAL,
                "title": title,
                "url": reverse("indicators:profile", args=[ibge]),
            }
        )
    return {"geometry": geometry, "shapes": shapes, "focal": FOCAL, "other": NOT_FOCAL}


def challenge_list(request, slug):
    program = queries.get_program(slug)
    challenges = list(queries_menu.challenges_of(program))
    focal = queries_menu.focal_by_challenge(challenges)
    for challenge in challenges:
        challenge.focal_count = len(focal[challenge.pk])
    return render(
        request,
        "programs/challenge_list.html",
        {
            "program": program,
            "phase": queries.current_phase(program),
            "challenges": challenges,
            "may_manage": services.can_manage(request.user, program),
            "breadcrumbs": _breadcrumbs(program, (_("Desafios"), None)),
        },
    )


def _challenge_context(request, program, challenge, adjust_form=None):
    rows = queries_menu.focal_rows(challenge)
    may_manage = services.can_manage(request.user, program)
    context = {
        "program": program,
        "challenge": challenge,
        "indicators": list(challenge.indicators.all()),
        "snapshot": challenge.current_snapshot,
        "rows": rows,
        "map": focal_map(challenge, rows),
        "actions": list(challenge.actions.published().select_related("unit")),
        "adjustments": list(challenge.adjustments.select_related("municipality", "created_by")),
        "may_manage": may_manage,
        "breadcrumbs": _breadcrumbs(
            program,
            (_("Desafios"), reverse("programs:challenges", args=[program.slug])),
            (challenge.name, None),
        ),
    }
    if may_manage:
        context["adjust_form"] = adjust_form or AdjustForm(state=program.state)
        # New indicator data (an import) may move the focal list: managers are told here, and
        # the recomputation page shows who enters and leaves before anything is saved.
        context["pending"] = services.difference(challenge)
        records = list(challenge.history.select_related("history_user"))
        context["history"] = history_rows(records)
    return context


def challenge_detail(request, slug, challenge):
    program = queries.get_program(slug)
    found = queries_menu.get_challenge(program, challenge)
    return render(
        request, "programs/challenge_detail.html", _challenge_context(request, program, found)
    )


@login_required
@require_POST
def challenge_adjust(request, slug, challenge):
    program = queries.get_program(slug)
    found = queries_menu.get_challenge(program, challenge)
    if not services.can_manage(request.user, program):
        raise PermissionDenied(_("Só a unidade gestora do programa ajusta os municípios focais."))
    form = AdjustForm(request.POST, state=program.state)
    if form.is_valid():
        try:
            adjustment = services.adjust(
                found,
                municipality=form.municipality_obj(),
                kind=form.cleaned_data["kind"],
                justification=form.cleaned_data["justification"],
                by=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                _("%(kind)s de %(name)s registrada.")
                % {"kind": adjustment.get_kind_display(), "name": adjustment.municipality.name},
            )
            return redirect(found.get_absolute_url())
    context = _challenge_context(request, program, found, adjust_form=form)
    return render(request, "programs/challenge_detail.html", context, status=422)


@login_required
def challenge_recompute(request, slug, challenge):
    """GET: what a recomputation would change; POST: save it, if it is still what was shown."""
    program = queries.get_program(slug)
    found = queries_menu.get_challenge(program, challenge)
    if not services.can_manage(request.user, program):
        raise PermissionDenied(_("Só a unidade gestora do programa recalcula os desafios."))
    status = 200
    if request.method == "POST":
        try:
            services.recompute(
                found, by=request.user, fingerprint=request.POST.get("fingerprint", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        else:
            messages.success(request, _("Municípios focais recalculados e salvos."))
            return redirect(found.get_absolute_url())
    diff = services.difference(found)
    return render(
        request,
        "programs/challenge_recompute.html",
        {
            "program": program,
            "challenge": found,
            "diff": diff,
            "breadcrumbs": _breadcrumbs(
                program,
                (_("Desafios"), reverse("programs:challenges", args=[program.slug])),
                (found.name, found.get_absolute_url()),
                (_("Recalcular"), None),
            ),
        },
        status=status,
    )


@login_required
def challenge_edit(request, slug, pk=None):
    """A manager's form to create a challenge (computing its first snapshot) or change one."""
    program = queries.get_program(slug)
    services.require_manager(request.user, program)
    if pk is None:
        challenge = Challenge(phase=queries.current_phase(program))
    else:
        challenge = Challenge.objects.filter(phase__program=program, pk=pk).first()
        if challenge is None:
            raise Http404
    status = 200
    if request.method == "POST":
        form = ChallengeForm(request.POST, instance=challenge, program=program)
        if form.is_valid():
            try:
                saved = services.save_challenge(
                    form.save(commit=False),
                    indicators=form.cleaned_data["indicators"],
                    by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                if pk is None:
                    text = _("Desafio “%(name)s” criado, com os municípios focais calculados.")
                else:
                    text = _(
                        "Desafio “%(name)s” salvo. Se mudou a regra ou a lista, recalcule os "
                        "municípios focais para ver quem entra e quem sai."
                    )
                messages.success(request, text % {"name": saved.name})
                return redirect(saved.get_absolute_url())
        status = 422
    else:
        form = ChallengeForm(instance=challenge, program=program)
    title = challenge.name if challenge.pk else _("Novo desafio")
    crumbs = [(_("Desafios"), reverse("programs:challenges", args=[program.slug]))]
    if challenge.pk:
        crumbs += [(challenge.name, challenge.get_absolute_url()), (_("Editar"), None)]
    else:
        crumbs.append((title, None))
    return render(
        request,
        "programs/challenge_form.html",
        {
            "program": program,
            "challenge": challenge,
            "form": form,
            "title": title,
            "breadcrumbs": _breadcrumbs(program, *crumbs),
        },
        status=status,
    )
