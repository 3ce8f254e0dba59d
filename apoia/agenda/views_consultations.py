"""Pages of the theme consultations ("escuta"): thin, over services.consultations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.agenda import queries
from apoia.agenda.forms_consultations import ConsultationForm, PickForm, ProposalForm
from apoia.agenda.models import ConsultationStatus, Series, ThemeProposal
from apoia.agenda.services import consultations as services
from apoia.territory.models import Municipality


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _crumbs(consultation, *tail):
    series = consultation.series
    return [
        (_("Agenda"), "/agenda/"),
        (series.title, series.get_absolute_url()),
        (consultation.title, consultation.get_absolute_url() if tail else None),
        *tail,
    ]


def consultation(request, pk):
    consultation = queries.get_consultation(pk)
    municipalities = queries.consultation_municipalities(request.user, consultation)
    is_open = consultation.status == ConsultationStatus.OPEN
    ranking = consultation.ranking if not is_open else services.ranking(consultation)
    proposals = {p.pk: p for p in consultation.proposals.select_related("municipality")}
    voted = set()
    if municipalities:
        voted = set(
            consultation.proposals.filter(votes__municipality__in=municipalities).values_list(
                "pk", flat=True
            )
        )
    rows = [
        {**row, "object": proposals.get(row["proposal"]), "voted": row["proposal"] in voted}
        for row in ranking
    ]
    may_manage = queries.may_manage_consultations(request.user, consultation.series)
    episodes = list(services.pickable_episodes(consultation)) if may_manage else []
    chosen = {
        e.proposal_id: e
        for e in consultation.series.episodes.filter(proposal__consultation=consultation)
    }
    for row in rows:
        row["episode"] = chosen.get(row["proposal"])
    return render(
        request,
        "agenda/consultations/detail.html",
        {
            "consultation": consultation,
            "rows": rows,
            "is_open": is_open,
            "municipalities": municipalities,
            "proposal_form": ProposalForm(municipalities=municipalities)
            if municipalities and is_open
            else None,
            "may_manage": may_manage,
            "pick_form": PickForm(episodes=episodes) if episodes else None,
            "breadcrumbs": _crumbs(consultation),
        },
    )


@login_required
def consultation_create(request, series_pk):
    series = get_object_or_404(Series.objects.select_related("state"), pk=series_pk)
    if not queries.may_manage_consultations(request.user, series):
        raise Http404
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.open_consultation(series, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Escuta aberta: os municípios já podem propor temas."))
            return redirect(created)
    return render(
        request,
        "agenda/consultations/form.html",
        {
            "series": series,
            "form": form,
            "breadcrumbs": [
                (_("Agenda"), "/agenda/"),
                (series.title, series.get_absolute_url()),
                (_("Nova escuta"), None),
            ],
        },
    )


def _chosen_municipality(request, municipalities):
    value = request.POST.get("municipality") or ""
    if not value:
        return None
    return next((m for m in municipalities if str(m.pk) == value), Municipality(pk=0))


@login_required
@require_POST
def propose(request, pk):
    consultation = queries.get_consultation(pk)
    municipalities = queries.consultation_municipalities(request.user, consultation)
    form = ProposalForm(request.POST, municipalities=municipalities)
    if form.is_valid():
        try:
            services.propose_theme(
                consultation,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                municipality=_chosen_municipality(request, municipalities),
            )
        except PermissionDenied:
            raise Http404 from None
        except services.ConsultationClosed as exc:
            messages.error(request, exc.message)
            return redirect(consultation)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Tema proposto. Obrigado pela contribuição."))
            return redirect(consultation)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(consultation)


@login_required
@require_POST
def cast_vote(request, pk):
    proposal = get_object_or_404(ThemeProposal.objects.select_related("consultation"), pk=pk)
    consultation = proposal.consultation
    municipalities = queries.consultation_municipalities(request.user, consultation)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        (services.withdraw_vote if withdraw else services.vote)(
            proposal, by=request.user, municipality=_chosen_municipality(request, municipalities)
        )
    except PermissionDenied:
        raise Http404 from None
    except services.ConsultationClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Voto retirado.") if withdraw else _("Voto registrado."))
    return redirect(consultation)


@login_required
@require_POST
def close(request, pk):
    consultation = queries.get_consultation(pk)
    try:
        services.close_consultation(consultation, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except services.ConsultationClosed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Escuta encerrada: o resultado está congelado."))
    return redirect(consultation)


@login_required
@require_POST
def pick(request, pk):
    proposal = get_object_or_404(
        ThemeProposal.objects.select_related("consultation__series"), pk=pk
    )
    consultation = proposal.consultation
    if not queries.may_manage_consultations(request.user, consultation.series):
        raise Http404
    episode = consultation.series.episodes.filter(pk=request.POST.get("episode") or 0).first()
    if episode is None:
        messages.error(request, _("Escolha um episódio desta série."))
        return redirect(consultation)
    try:
        services.pick_theme(proposal, episode=episode, by=request.user)
    except services.ConsultationClosed as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Tema “%(theme)s” levado ao episódio de %(date)s.")
            % {"theme": proposal.title, "date": services.local_date(episode)},
        )
    return redirect(consultation)
