"""Public accountability pages of a program (issue 10, item 10): the program and each
municipality, the formula behind every figure, and the open data (CSV and JSON).

No person appears on these pages or in their data: no focal point, no responsible person, no
reviewer, no file link; only municipalities, units, actions, deliveries, weights, statuses,
evidence titles and kinds, and indicator values."""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apoia.programs import movement, progress, queries, queries_monitoring
from apoia.programs.views_monitoring import formula_context
from apoia.programs.views_public import adhesion_map

# Public accountability (item 10): no person appears on these pages or in their data.


ALL_PHASES = "todas"


def _require_ibge(ibge: int) -> None:
    # An IBGE municipality code has 7 digits; a longer number would overflow SQLite's integer.
    if not 1_000_000 <= ibge <= 9_999_999:
        raise Http404


def _public_phase(program, request):
    phase = queries_monitoring.phase_or_current(program, request.GET.get("fase", ""))
    if phase is None:
        raise Http404
    return phase


def _public_crumbs(program, *tail):
    return [
        (_("Programas"), reverse("programs:list")),
        (program.name, program.get_absolute_url()),
        *tail,
    ]


def transparency(request, slug):
    program = queries.get_program(slug)
    phase = _public_phase(program, request)
    rows = queries_monitoring.public_municipality_rows(program, phase)
    challenges = list(phase.challenges.order_by("order", "name"))
    by_challenge = progress.by_challenge(phase)
    adhered = {row["municipality"].ibge for row in rows}
    return render(
        request,
        "programs/transparency/program.html",
        {
            "program": program,
            "phase": phase,
            "phases": list(program.phases.all()),
            "figure": progress.for_phase(phase),
            "program_figure": progress.for_program(program),
            "all_phases": ALL_PHASES,
            "rows": rows,
            "challenges": [(c, by_challenge.get(c.pk, progress.EMPTY)) for c in challenges],
            "adhesion_map": adhesion_map(program, phase, adhered),
            "progress_map": queries_monitoring.progress_map(program, phase, rows),
            "breadcrumbs": _public_crumbs(program, (_("Transparência"), None)),
        },
    )


def transparency_formula(request, slug):
    """The formula behind a public figure: the phase, a challenge of it (`desafio`), or the
    whole program (`fase=todas`)."""
    program = queries.get_program(slug)
    if request.GET.get("fase") == ALL_PHASES:
        deliveries = progress.of_program_deliveries(program)
        back = reverse("programs:transparency", args=[program.slug])
        context = {
            "program": program,
            "subject": _("todas as fases"),
            "back": back,
            "public": True,
            "breadcrumbs": _public_crumbs(
                program,
                (_("Transparência"), back),
                (_("Como o progresso é calculado"), None),
            ),
            **formula_context(request, deliveries, progress.total(deliveries)),
        }
        return render(request, "programs/monitoring/formula.html", context)
    phase = _public_phase(program, request)
    deliveries = progress.of_phase_deliveries(phase)
    subject = phase.name
    challenge_slug = request.GET.get("desafio", "")
    if challenge_slug:
        challenge = phase.challenges.filter(slug=challenge_slug).first()
        if challenge is None:
            raise Http404
        deliveries = progress.of_challenge_deliveries(challenge)
        subject = _("%(phase)s · desafio %(name)s") % {"phase": phase.name, "name": challenge.name}
    back = (
        reverse("programs:transparency", args=[program.slug])
        + "?"
        + urlencode({"fase": phase.slug})
    )
    context = {
        "program": program,
        "phase": phase,
        "subject": subject,
        "back": back,
        "public": True,
        "breadcrumbs": _public_crumbs(
            program,
            (_("Transparência"), back),
            (_("Como o progresso é calculado"), None),
        ),
        **formula_context(request, deliveries, progress.total(deliveries)),
    }
    return render(request, "programs/monitoring/formula.html", context)


def _municipality_data(program, phase, ibge):
    adhesion = queries_monitoring.public_adhesion(program, phase, ibge)
    if adhesion is None:
        raise Http404
    plan = getattr(adhesion, "plan", None)
    deliveries = queries_monitoring.plan_deliveries(plan)
    evidence = queries_monitoring.evidence_of(deliveries)
    movements = []
    if plan is not None and plan.version:
        movements = movement.movements(movement.counted_targets().filter(item__plan=plan))
    return {
        "adhesion": adhesion,
        "municipality": adhesion.municipality,
        "plan": plan,
        "actions": queries_monitoring.plan_actions(plan),
        "deliveries": [{"delivery": d, "evidence": evidence.get(d.pk, [])} for d in deliveries],
        "figure": progress.for_plan(plan) if plan is not None else progress.EMPTY,
        "movements": movements,
    }


def transparency_municipality(request, slug, ibge):
    program = queries.get_program(slug)
    _require_ibge(ibge)
    phase = queries_monitoring.municipality_phase(program, ibge, request.GET.get("fase", ""))
    if phase is None:
        raise Http404
    data = _municipality_data(program, phase, ibge)
    today = timezone.localdate()
    return render(
        request,
        "programs/transparency/municipality.html",
        {
            "program": program,
            "phase": phase,
            "today": today,
            **data,
            "breadcrumbs": _public_crumbs(
                program,
                (
                    _("Transparência"),
                    reverse("programs:transparency", args=[program.slug])
                    + "?"
                    + urlencode({"fase": phase.slug}),
                ),
                (data["municipality"].name, None),
            ),
        },
    )


# Open data: the machine form (`,`, `.`, ISO dates, codes), as the API.

FORMULA = "progresso = soma dos pesos das entregas validadas / soma dos pesos das entregas"
OPEN_DATA_COLUMNS = [
    "programa",
    "fase",
    "ibge",
    "municipio",
    "acao",
    "unidade_ofertante",
    "entrega",
    "peso",
    "prazo",
    "situacao",
    "atrasada",
    "validada_em",
    "evidencias",
]


def _open_rows(program, phase, deliveries, late: set[int]):
    evidence = queries_monitoring.evidence_of(deliveries)
    for d in progress.behind(deliveries).iterator(chunk_size=2000):
        yield {
            "programa": program.slug,
            "fase": phase.slug,
            # None / "" for a strategic project's delivery (no municipality).
            "ibge": d.item.plan.adhesion.municipality_id if d.item.plan.adhesion_id else None,
            "municipio": d.item.plan.adhesion.municipality.name if d.item.plan.adhesion_id else "",
            "acao": d.item.action.title,
            "unidade_ofertante": d.item.action.unit.name,
            "entrega": d.delivery.title,
            "peso": str(d.delivery.weight),
            "prazo": d.due.isoformat(),
            "situacao": d.status,
            "atrasada": d.pk in late,
            "validada_em": timezone.localdate(d.validated_at).isoformat()
            if d.validated_at
            else None,
            "evidencias": [{"tipo": e.kind, "titulo": e.title} for e in evidence.get(d.pk, [])],
        }


def _figure_json(figure) -> dict:
    return {
        "progresso": figure.value,
        "peso_validado": str(figure.validated_weight),
        "peso_total": str(figure.total_weight),
        "entregas": figure.count,
        "entregas_validadas": figure.validated_count,
    }


def _open_data(program, phase, deliveries, fmt, stem, summary):
    today = timezone.localdate()
    late = set(deliveries.late(today).values_list("pk", flat=True))
    rows = list(_open_rows(program, phase, deliveries, late))
    if fmt == "json":
        body = {
            "programa": program.slug,
            "fase": phase.slug,
            "formula": FORMULA,
            **summary,
            "entregas": rows,
        }
        response = HttpResponse(
            json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response, lineterminator="\n")
        writer.writerow(OPEN_DATA_COLUMNS)
        for row in rows:
            evidence = " | ".join(f"{e['tipo']}: {e['titulo']}" for e in row["evidencias"])
            writer.writerow(
                [
                    *(row[c] for c in OPEN_DATA_COLUMNS[:-3]),
                    "true" if row["atrasada"] else "false",
                    row["validada_em"] or "",
                    evidence,
                ]
            )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def transparency_data(request, slug, fmt):
    program = queries.get_program(slug)
    phase = _public_phase(program, request)
    rows = queries_monitoring.public_municipality_rows(program, phase)
    summary = {
        "progresso_da_fase": _figure_json(progress.for_phase(phase)),
        "municipios": [
            {
                "ibge": r["municipality"].ibge,
                "municipio": r["municipality"].name,
                "plano": r["plan"].status if r["plan"] else None,
                "versao_aprovada": r["plan"].version if r["plan"] else None,
                **_figure_json(r["progress"]),
            }
            for r in rows
        ],
    }
    return _open_data(
        program,
        phase,
        progress.of_phase_deliveries(phase),
        fmt,
        f"{program.slug}-{phase.slug}-dados",
        summary,
    )


def transparency_municipality_data(request, slug, ibge, fmt):
    program = queries.get_program(slug)
    _require_ibge(ibge)
    phase = queries_monitoring.municipality_phase(program, ibge, request.GET.get("fase", ""))
    if phase is None:
        raise Http404
    adhesion = queries_monitoring.public_adhesion(program, phase, ibge)
    if adhesion is None:
        raise Http404
    plan = getattr(adhesion, "plan", None)
    deliveries = (
        progress.of_plan_deliveries(plan)
        if plan is not None
        else progress.of_phase_deliveries(phase).none()
    )
    summary = {
        "ibge": ibge,
        "municipio": adhesion.municipality.name,
        "adesao": {"situacao": adhesion.status, "desde": adhesion.since},
        "plano": (
            {
                "situacao": plan.status,
                "versao_aprovada": plan.version,
                "aprovado_em": plan.approved_on,
            }
            if plan
            else None
        ),
        "progresso_do_plano": _figure_json(progress.total(deliveries)),
    }
    return _open_data(
        program, phase, deliveries, fmt, f"{program.slug}-{phase.slug}-{ibge}-dados", summary
    )
