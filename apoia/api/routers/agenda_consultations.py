"""Agenda API: theme consultations ("escuta") of a series. The same services and rules as the
pages (apoia.agenda.services.consultations).

Reading is public (the themes and who proposed them are what the state publishes about how it
listened); proposing and voting need a focal point's token, closing and picking a staff token.
A closed consultation answers 409; a bad field 422 with its path."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as HttpStatus

from apoia.agenda import queries
from apoia.agenda.models import Consultation, ConsultationStatus, Event, ThemeProposal
from apoia.agenda.services import consultations as services
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, answers_refusals
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.territory.models import Municipality

router = Router(tags=["agenda: escutas de temas"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: InvalidOut}
answers = answers_refusals(services.ConsultationClosed)


class RankingRowOut(Schema):
    rank: int
    proposal: int
    title: str
    proposed_by: str
    votes: int
    municipalities: int
    episode: int | None


class ConsultationOut(Schema):
    id: int
    series: int
    title: str
    question: str
    status: str
    closes_on: dt.date | None
    closed_at: dt.datetime | None
    ranking: list[RankingRowOut]


class ConsultationIn(Schema):
    title: str = Field(max_length=200)
    question: str = Field("", max_length=2000)
    closes_on: dt.date | None = None


class ProposalIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=2000)
    municipality: int | None = Field(
        None, description="Código IBGE; obrigatório a quem é ponto focal de mais de um município."
    )


class VoteIn(Schema):
    municipality: int | None = Field(None, description="Código IBGE (como em ProposalIn).")


class PickIn(Schema):
    episode: int


class ProposalOut(Schema):
    id: int
    consultation: int
    title: str
    description: str
    proposed_by: str


def _out(consultation: Consultation) -> dict:
    live = consultation.status == ConsultationStatus.OPEN
    rows = services.ranking(consultation) if live else consultation.ranking
    chosen = dict(
        Event.objects.filter(proposal__consultation=consultation).values_list("proposal_id", "pk")
    )
    return {
        "id": consultation.pk,
        "series": consultation.series_id,
        "title": consultation.title,
        "question": consultation.question,
        "status": consultation.status,
        "closes_on": consultation.closes_on,
        "closed_at": consultation.closed_at,
        "ranking": [{**row, "episode": chosen.get(row["proposal"])} for row in rows],
    }


def _municipality(ibge: int | None, field: str = "municipality"):
    if ibge is None:
        return None
    found = Municipality.objects.filter(pk=ibge).first()
    if found is None:
        raise FieldError(field, _("Município não encontrado (informe o código IBGE)."))
    return found


@router.get(
    "/consultations/{pk}",
    response={200: ConsultationOut, 404: ProblemOut},
    summary="Uma escuta de temas e sua classificação",
)
def get_consultation(request, pk: int):
    """A classificação é calculada enquanto a escuta está aberta e congelada quando ela é
    encerrada: votos, depois municípios distintos (quem propôs e quem votou), depois quem
    propôs primeiro."""
    return _out(queries.get_consultation(pk))


@router.post(
    "/series/{pk}/consultations",
    auth=TokenAuth(),
    response={201: ConsultationOut, **ERRORS},
    summary="Abrir uma escuta de temas para uma série",
)
@answers
def open_consultation(request, pk: int, data: ConsultationIn):
    from apoia.agenda.models import Series

    series = get_object_or_404(Series, pk=pk)
    created = services.open_consultation(series, by=request.auth, **data.dict())
    return HttpStatus(201, _out(created))


@router.post(
    "/consultations/{pk}/proposals",
    auth=TokenAuth(),
    response={201: ProposalOut, **ERRORS},
    summary="Propor um tema",
)
@answers
def propose(request, pk: int, data: ProposalIn):
    consultation = queries.get_consultation(pk)
    proposal = services.propose_theme(
        consultation,
        by=request.auth,
        title=data.title,
        description=data.description,
        municipality=_municipality(data.municipality),
    )
    return HttpStatus(
        201,
        {
            "id": proposal.pk,
            "consultation": consultation.pk,
            "title": proposal.title,
            "description": proposal.description,
            "proposed_by": proposal.municipality.name,
        },
    )


@router.post(
    "/proposals/{pk}/votes",
    auth=TokenAuth(),
    response={201: ConsultationOut, **ERRORS},
    summary="Votar em um tema (um voto por município em cada tema)",
)
@answers
def vote(request, pk: int, data: VoteIn):
    proposal = get_object_or_404(ThemeProposal, pk=pk)
    services.vote(proposal, by=request.auth, municipality=_municipality(data.municipality))
    return HttpStatus(201, _out(proposal.consultation))


@router.delete(
    "/proposals/{pk}/votes",
    auth=TokenAuth(),
    response={200: ConsultationOut, **ERRORS},
    summary="Retirar o voto do município",
)
@answers
def withdraw_vote(request, pk: int, municipality: int | None = None):
    proposal = get_object_or_404(ThemeProposal, pk=pk)
    services.withdraw_vote(proposal, by=request.auth, municipality=_municipality(municipality))
    return _out(proposal.consultation)


@router.post(
    "/consultations/{pk}/close",
    auth=TokenAuth(),
    response={200: ConsultationOut, **ERRORS},
    summary="Encerrar a escuta e congelar a classificação",
)
@answers
def close(request, pk: int):
    consultation = queries.get_consultation(pk)
    return _out(services.close_consultation(consultation, by=request.auth))


@router.post(
    "/proposals/{pk}/pick",
    auth=TokenAuth(),
    response={200: ConsultationOut, **ERRORS},
    summary="Levar um tema da classificação a um episódio da série",
)
@answers
def pick(request, pk: int, data: PickIn):
    proposal = get_object_or_404(ThemeProposal.objects.select_related("consultation"), pk=pk)
    episode = Event.objects.filter(pk=data.episode).first()
    if episode is None:
        raise FieldError("episode", _("Episódio não encontrado."))
    services.pick_theme(proposal, episode=episode, by=request.auth)
    return _out(proposal.consultation)
