"""Theme consultations ("escuta") for a series: the municipalities of the series' state
propose themes and vote (one vote per municipality per theme); closing ranks the themes by
votes, then by the number of distinct municipalities behind them (the proposer's and the
voters'), then by who proposed first; the staff pick themes from the ranking into the series'
episodes, and each episode keeps the theme it came from.

Who may do what is asked of `queries` (consultation block); these functions re-check it, so
the pages and the API cannot disagree."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.agenda import queries
from apoia.agenda.models import (
    Consultation,
    ConsultationStatus,
    Event,
    EventStatus,
    Series,
    ThemeProposal,
    ThemeVote,
)

MAX_PROPOSALS_PER_MUNICIPALITY = 5


def local_date(event: Event) -> str:
    """dd/mm/aaaa in the event's state."""
    return timezone.localtime(event.start, ZoneInfo(event.state.timezone)).strftime("%d/%m/%Y")


class ConsultationClosed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clean(value: str, field: str, *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("Este campo é obrigatório.")]})
    if len(value) > limit:
        raise ValidationError(
            {field: [_("Use no máximo %(limit)d caracteres.") % {"limit": limit}]}
        )
    return value


def open_consultation(series: Series, *, by, title: str, question: str = "", closes_on=None):
    if not queries.may_manage_consultations(by, series):
        raise PermissionDenied(_("Só a equipe da agenda do estado abre escutas desta série."))
    title = _clean(title, "title", required=True, limit=200)
    question = _clean(question, "question", required=False, limit=2000)
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": [_("A data de encerramento já passou.")]})
    if series.consultations.filter(status=ConsultationStatus.OPEN).exists():
        raise ValidationError({"series": [_("Esta série já tem uma escuta aberta.")]})
    return Consultation.objects.create(
        series=series, title=title, question=question, closes_on=closes_on, created_by=by
    )


def _open_locked(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != ConsultationStatus.OPEN:
        raise ConsultationClosed(_("Esta escuta foi encerrada."))
    if locked.closes_on and timezone.localdate() > locked.closes_on:
        raise ConsultationClosed(
            _("Esta escuta recebeu temas até %(date)s.")
            % {"date": locked.closes_on.strftime("%d/%m/%Y")}
        )
    return locked


def _municipality_for(user, consultation: Consultation, municipality):
    allowed = queries.consultation_municipalities(user, consultation)
    if not allowed:
        raise PermissionDenied(
            _("Só os pontos focais dos municípios do estado participam desta escuta.")
        )
    if municipality is None:
        if len(allowed) > 1:
            raise ValidationError({"municipality": [_("Escolha o município.")]})
        return allowed[0]
    if municipality not in allowed:
        raise ValidationError(
            {"municipality": [_("Você não é ponto focal deste município nesta escuta.")]}
        )
    return municipality


@transaction.atomic
def propose_theme(
    consultation: Consultation, *, by, title: str, description: str = "", municipality=None
) -> ThemeProposal:
    municipality = _municipality_for(by, consultation, municipality)
    title = _clean(title, "title", required=True, limit=200)
    description = _clean(description, "description", required=False, limit=2000)
    locked = _open_locked(consultation)
    same = locked.proposals.filter(title__iexact=title).first()
    if same is not None:
        raise ValidationError(
            {
                "title": [
                    _("Este tema já foi proposto (por %(municipality)s): vote nele.")
                    % {"municipality": same.municipality.name}
                ]
            }
        )
    if locked.proposals.filter(municipality=municipality).count() >= MAX_PROPOSALS_PER_MUNICIPALITY:
        raise ValidationError(
            {
                "title": [
                    _("Cada município propõe até %(count)d temas nesta escuta.")
                    % {"count": MAX_PROPOSALS_PER_MUNICIPALITY}
                ]
            }
        )
    return ThemeProposal.objects.create(
        consultation=locked,
        title=title,
        description=description,
        municipality=municipality,
        proposed_by=by,
    )


def vote(proposal: ThemeProposal, *, by, municipality=None) -> ThemeVote:
    consultation = proposal.consultation
    municipality = _municipality_for(by, consultation, municipality)
    try:
        with transaction.atomic():
            _open_locked(consultation)
            return ThemeVote.objects.create(
                proposal=proposal, municipality=municipality, voted_by=by
            )
    except IntegrityError:
        # The constraint decides a race between two focal points of one municipality.
        raise ValidationError(
            {"municipality": [_("%(name)s já votou neste tema.") % {"name": municipality.name}]}
        ) from None


@transaction.atomic
def withdraw_vote(proposal: ThemeProposal, *, by, municipality=None) -> None:
    consultation = proposal.consultation
    municipality = _municipality_for(by, consultation, municipality)
    _open_locked(consultation)
    deleted, _rows = ThemeVote.objects.filter(proposal=proposal, municipality=municipality).delete()
    if not deleted:
        raise ValidationError(
            {"municipality": [_("%(name)s não votou neste tema.") % {"name": municipality.name}]}
        )


def ranking(consultation: Consultation) -> list[dict]:
    """The themes in ranking order: votes, then distinct municipalities, then first proposed.

    Frozen in `Consultation.ranking` when it closes; computed live while it is open."""
    proposals = list(
        consultation.proposals.select_related("municipality")
        .annotate(vote_count=Count("votes"))
        .order_by("created_at", "pk")
    )
    voters: dict[int, set[int]] = {}
    for proposal_id, municipality_id in ThemeVote.objects.filter(
        proposal__consultation=consultation
    ).values_list("proposal_id", "municipality_id"):
        voters.setdefault(proposal_id, set()).add(municipality_id)
    rows = [
        {
            "proposal": p.pk,
            "title": p.title,
            "proposed_by": p.municipality.name,
            "votes": p.vote_count,
            "municipalities": len(voters.get(p.pk, set()) | {p.municipality_id}),
            "_order": index,
        }
        for index, p in enumerate(proposals)
    ]
    rows.sort(key=lambda r: (-r["votes"], -r["municipalities"], r["_order"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        del row["_order"]
    return rows


@transaction.atomic
def close_consultation(consultation: Consultation, *, by) -> Consultation:
    if not queries.may_manage_consultations(by, consultation.series):
        raise PermissionDenied(_("Só a equipe da agenda do estado encerra esta escuta."))
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != ConsultationStatus.OPEN:
        raise ConsultationClosed(_("Esta escuta já foi encerrada."))
    locked.ranking = ranking(locked)
    locked.status = ConsultationStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.save(update_fields=["ranking", "status", "closed_at", "closed_by"])
    return locked


# An episode that already went public keeps its theme: changing it would need the NEEP again.
PICKABLE_STATUSES = (EventStatus.DRAFT, EventStatus.RETURNED)


@transaction.atomic
def pick_theme(proposal: ThemeProposal, *, episode: Event, by) -> Event:
    consultation = Consultation.objects.select_related("series").get(pk=proposal.consultation_id)
    if not queries.may_manage_consultations(by, consultation.series):
        raise PermissionDenied(_("Só a equipe da agenda do estado escolhe os temas."))
    if consultation.status != ConsultationStatus.CLOSED:
        raise ConsultationClosed(_("Encerre a escuta antes de escolher os temas."))
    locked = Event.objects.select_for_update().get(pk=episode.pk)
    if locked.series_id != consultation.series_id:
        raise ValidationError({"episode": [_("Este episódio não é desta série.")]})
    if locked.status not in PICKABLE_STATUSES:
        raise ValidationError(
            {
                "episode": [
                    _(
                        "Só episódios em rascunho ou devolvidos recebem um tema da escuta: "
                        "este está “%(status)s”."
                    )
                    % {"status": locked.get_status_display()}
                ]
            }
        )
    taken = Event.objects.filter(proposal=proposal).exclude(pk=locked.pk).first()
    if taken is not None:
        raise ValidationError(
            {
                "proposal": [
                    _("Este tema já foi escolhido para o episódio de %(date)s.")
                    % {"date": local_date(taken)}
                ]
            }
        )
    locked.proposal = proposal
    locked.theme = proposal.title
    locked.save(update_fields=["proposal", "theme", "updated_at"])
    return locked


def pickable_episodes(consultation: Consultation):
    return consultation.series.episodes.filter(status__in=PICKABLE_STATUSES).order_by("start")
