"""Demo data of the agenda: the closed theme consultation of MS Ativo's web series.

Seed 002: the web series' themes come from listening to the 79 municipalities. The demo's
consultation was answered by focal points of MS municipalities (those the programs demo
created), closed, and its two best-ranked themes were taken to the series' next episodes —
picked while those episodes were drafts, before the validation that published them."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import Membership, Role, User
from apoia.agenda.models import Consultation, ConsultationStatus, Series, ThemeProposal, ThemeVote
from apoia.agenda.services.consultations import ranking

THEMES = (
    ("Elaboração do plano municipal de assistência social", "O prazo do plano decenal vence."),
    ("Cadastro Único e busca ativa", "Famílias fora do cadastro nas áreas rurais."),
    ("Prestação de contas do cofinanciamento", "Dúvidas recorrentes no fundo municipal."),
    ("Vigilância socioassistencial com poucos técnicos", ""),
    ("Serviço de convivência para pessoas idosas", ""),
    ("Captação de recursos por emendas", ""),
)
# How many of the responding municipalities vote for each theme, in THEMES order.
VOTES = (6, 5, 4, 2, 2, 1)


def _focal_points() -> list[tuple[User, object]]:
    """One focal point per MS municipality, Campo Grande's demo account first."""
    rows = (
        Membership.objects.filter(role=Role.MUNICIPAL, municipality__state__uf="MS")
        .select_related("user", "municipality")
        .order_by("-user__email", "municipality__name")
    )
    seen, found = set(), []
    for membership in rows:
        if membership.municipality_id in seen:
            continue
        seen.add(membership.municipality_id)
        found.append((membership.user, membership.municipality))
    found.sort(key=lambda pair: pair[0].email != "municipio@apoia.demo")
    return found[:8]


@transaction.atomic
def load() -> str:
    series = Series.objects.filter(state__uf="MS", title__startswith="Websérie").first()
    if series is None or series.consultations.exists():
        return ""
    people = _focal_points()
    staff = series.created_by
    if not people:
        return ""
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        series=series,
        title="Escuta dos municípios: temas da websérie",
        question="Que temas a websérie deve tratar nos próximos episódios?",
        closes_on=today - dt.timedelta(days=10),
        created_by=staff,
    )
    proposals = []
    for index, (title, why) in enumerate(THEMES):
        user, municipality = people[index % len(people)]
        proposals.append(
            ThemeProposal.objects.create(
                consultation=consultation,
                title=title,
                description=why,
                municipality=municipality,
                proposed_by=user,
            )
        )
    for proposal, count in zip(proposals, VOTES, strict=True):
        for user, municipality in people[:count]:
            ThemeVote.objects.get_or_create(
                proposal=proposal, municipality=municipality, defaults={"voted_by": user}
            )
    consultation.ranking = ranking(consultation)
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now() - dt.timedelta(days=9)
    consultation.closed_by = staff
    consultation.save()
    upcoming = list(series.episodes.filter(start__gte=timezone.now()).order_by("start")[:2])
    best = {row["rank"]: row["proposal"] for row in consultation.ranking}
    for rank, episode in enumerate(upcoming, start=1):
        proposal = next(p for p in proposals if p.pk == best[rank])
        episode.proposal = proposal
        episode.theme = proposal.title
        episode.save(update_fields=["proposal", "theme", "updated_at"])
    return f"agenda: escuta encerrada com {len(proposals)} temas de {len(people)} municípios"
