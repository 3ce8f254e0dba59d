"""Demo data of the agenda: events of every type and modality for MS and MT, dated from the
day the demo runs, made through the same services as the pages (so they follow the rules).

- MT's events are created by tecnico-mt@ and validated by neep@ (the NEEP of MT); one is still
  in validation and one was returned. They link to entries of MT's plan of the current year
  when it exists (the plan demo makes it), matched by strategy.
- MS has no NEEP: the admin validates its events. MS Ativo's monthly "Websérie MS Ativo" runs
  until December (of next year when the demo runs in December); one episode was moved and one
  cancelled. "Encontro Regional de Dourados" was cancelled.
- Two events have few places (10 and 5) for the registrations demo to fill; a few are past, for
  attendance and certificates.

Idempotent: an event whose title already exists in its state is left alone."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import OrgUnit, User
from apoia.agenda.models import (
    Axis,
    Event,
    EventType,
    Modality,
    Series,
    SupportPlan,
)
from apoia.agenda.services import events as services
from apoia.agenda.services import series as series_services
from apoia.agenda.services import validation
from apoia.territory.models import Municipality, State

SERIES_TITLE = "Websérie MS Ativo"
SMALL_WEB = "Web Encontro: Vigilância Socioassistencial na prática"  # 10 places
SMALL_WORKSHOP = "Oficina: Elaboração do Plano Municipal de Assistência Social"  # 5 places
MEET = "https://meet.apoia.demo/"
SETASC = "Auditório da SETASC — Av. Historiador Rubens de Mendonça, Cuiabá"
SEGEM = "Auditório da SEGEM — Parque dos Poderes, Campo Grande"

STRATEGY_OF = {
    EventType.ENCONTRO: "encontros",
    EventType.WEB_ENCONTRO: "encontros",
    EventType.OFICINA: "seminarios-oficinas",
    EventType.SEMINARIO: "seminarios-oficinas",
    EventType.VISITA_TECNICA: "visitas-tecnicas",
    EventType.REUNIAO_MONITORAMENTO: "monitoramento",
    EventType.LIVE: "videoconferencias-lives",
    EventType.VIDEOCONFERENCIA: "videoconferencias-lives",
    EventType.WEBSERIE_EPISODE: "videoconferencias-lives",
}

# (days from today, hour, hours long, type, modality, title, theme, unit, extra); "outcome":
# published (default), in_validation, returned, cancelled.
MT_EVENTS = (
    (
        2,
        15,
        2,
        EventType.LIVE,
        Modality.ONLINE,
        "Live: Cadastro Único e busca ativa",
        "Busca ativa de famílias fora do Cadastro Único",
        "mt-ccadunico",
        {},
    ),
    (
        3,
        9,
        2,
        EventType.VIDEOCONFERENCIA,
        Modality.ONLINE,
        "Videoconferência: cofinanciamento estadual 2º semestre",
        "Regras e prazos do cofinanciamento estadual",
        "mt-crgf",
        {},
    ),
    (
        5,
        14,
        3,
        EventType.WEB_ENCONTRO,
        Modality.ONLINE,
        SMALL_WEB,
        "Diagnóstico socioterritorial com os dados do município",
        "mt-cvs",
        {"capacity": 10},
    ),
    (
        6,
        10,
        2,
        EventType.REUNIAO_MONITORAMENTO,
        Modality.ONLINE,
        "Reunião de monitoramento: CRAS de Rondonópolis",
        "",
        "mt-cpsb",
        {"invite": [5107602]},
    ),
    (
        8,
        8,
        8,
        EventType.OFICINA,
        Modality.IN_PERSON,
        SMALL_WORKSHOP,
        "Plano Municipal de Assistência Social 2026–2029",
        "mt-sgsuas",
        {"capacity": 5},
    ),
    (
        9,
        8,
        6,
        EventType.VISITA_TECNICA,
        Modality.IN_PERSON,
        "Visita técnica a Várzea Grande",
        "",
        "mt-cpsb",
        {"invite": [5108402], "place": "Secretaria Municipal de Assistência Social, Várzea Grande"},
    ),
    (
        12,
        8,
        8,
        EventType.ENCONTRO,
        Modality.HYBRID,
        "Encontro Estadual de Gestores da Assistência Social",
        "Gestão do SUAS nos municípios de pequeno porte",
        "mt-sgsuas",
        {"capacity": 120},
    ),
    (
        15,
        14,
        3,
        EventType.PALESTRA,
        Modality.HYBRID,
        "Palestra: Proteção Social Especial de Média Complexidade",
        "Atendimento no CREAS a famílias em situação de violência",
        "mt-cpse-mc",
        {"outcome": "in_validation"},
    ),
    (
        25,
        8,
        16,
        EventType.SEMINARIO,
        Modality.IN_PERSON,
        "Seminário do Programa de Erradicação do Trabalho Infantil",
        "Ações estratégicas do PETI",
        "mt-cgpps",
        {"capacity": 80},
    ),
    (
        40,
        8,
        9,
        EventType.CONFERENCIA,
        Modality.IN_PERSON,
        "Conferência Estadual de Assistência Social — etapa preparatória",
        "Preparação das conferências municipais",
        "mt-saas",
        {"outcome": "returned"},
    ),
    (
        -14,
        14,
        3,
        EventType.WEB_ENCONTRO,
        Modality.ONLINE,
        "Web Encontro: Serviço de Convivência e Fortalecimento de Vínculos",
        "Reordenamento do SCFV",
        "mt-cpsb",
        {"capacity": 60},
    ),
    (
        -30,
        8,
        8,
        EventType.OFICINA,
        Modality.IN_PERSON,
        "Oficina: Gestão do trabalho no SUAS",
        "Educação permanente das equipes municipais",
        "mt-cgt",
        {"capacity": 40},
    ),
)
MS_EVENTS = (
    (
        4,
        15,
        2,
        EventType.LIVE,
        Modality.ONLINE,
        "Live MS Ativo: prestação de contas das ações",
        "Como comprovar as entregas do plano de ação",
        "ms-segem",
        {"phase": True},
    ),
    (
        10,
        8,
        8,
        EventType.ENCONTRO,
        Modality.IN_PERSON,
        "Encontro Regional de Dourados",
        "Articulação regional da rede socioassistencial",
        "ms-sec-spp-comunitarios",
        {"outcome": "cancelled"},
    ),
    (
        18,
        9,
        3,
        EventType.AUDIENCIA_PUBLICA,
        Modality.HYBRID,
        "Audiência pública: Plano Estadual de Assistência Social",
        "Prioridades do Plano Estadual 2026–2029",
        "ms-sec",
        {},
    ),
    (
        -12,
        14,
        3,
        EventType.AUDIENCIA_PUBLICA,
        Modality.IN_PERSON,
        "Audiência pública: parcerias com organizações da sociedade civil",
        "Chamamento público 2026 para o fortalecimento de associações comunitárias",
        "ms-sec-spp-comunitarios",
        {},
    ),
    (
        22,
        8,
        8,
        EventType.FORUM,
        Modality.IN_PERSON,
        "Fórum de Gestores Municipais do MS Ativo",
        "Resultados da fase 3 e próximos desafios",
        "ms-segem",
        {"phase": True, "capacity": 150},
    ),
    (
        -21,
        9,
        4,
        EventType.ENCONTRO,
        Modality.HYBRID,
        "Encontro MS Ativo: boas práticas municipais",
        "Boas práticas dos municípios na fase 3",
        "ms-segem",
        {"phase": True, "capacity": 100},
    ),
)


def _people():
    emails = ("admin@apoia.demo", "tecnico@apoia.demo", "tecnico-mt@apoia.demo", "neep@apoia.demo")
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    return [found.get(e) for e in emails]


def _plan_entries(today):
    plan = SupportPlan.objects.filter(state__uf="MT", year=today.year).first()
    return list(plan.entries.select_related("axis", "strategy")) if plan else []


def _entry_for(entries, kind, modality):
    strategy = STRATEGY_OF.get(kind, "outros-eventos")
    fitting = [e for e in entries if e.strategy.slug == strategy]
    fitting.sort(key=lambda e: e.modality != modality)
    return fitting[0] if fitting else None


def _ms_phase():
    from django.apps import apps

    Phase = apps.get_model("programs", "Phase")
    phases = Phase.objects.filter(program__slug="ms-ativo-municipalismo").order_by("-order")
    return phases.filter(slug="fase-3").first() or phases.first()


def _make(state, row, today, *, staff, validator, entries, axes, phase) -> Event | None:
    days, hour, length, kind, modality, title, theme, unit_slug, extra = row
    if Event.objects.filter(state=state, title=title).exists():
        return None
    unit = (
        OrgUnit.objects.filter(slug=unit_slug).first()
        or OrgUnit.objects.filter(state=state).first()
    )
    day = today + dt.timedelta(days=days)
    start = services.local_datetime(state, day, dt.time(hour))
    entry = _entry_for(entries, kind, modality) if entries else None
    place = extra.get("place") or (SETASC if state.uf == "MT" else SEGEM)
    slug = title.lower().split(":")[0].replace(" ", "-")[:30]
    event = services.create_event(
        by=staff,
        state=state,
        unit=unit,
        title=title,
        type=kind,
        modality=modality,
        theme=theme,
        programme="Abertura; exposição do tema; roda de conversa com os municípios; "
        "encaminhamentos."
        if theme
        else "",
        description=f"{title}, com a equipe de {unit.name}.",
        start=start,
        end=start + dt.timedelta(hours=length),
        workload_hours=Decimal(length),
        place=place if modality != Modality.ONLINE else "",
        url=f"{MEET}{slug}" if modality != Modality.IN_PERSON else "",
        audience_roles="Gestores(as), técnicos(as) e conselheiros(as) da assistência social",
        audience_municipalities=list(Municipality.objects.filter(pk__in=extra.get("invite", ()))),
        axis=entry.axis if entry else axes.get(kind),
        plan_entry=entry,
        phase=phase if extra.get("phase") else None,
        capacity=extra.get("capacity"),
        registration_closes=start - dt.timedelta(days=1) if extra.get("capacity") else None,
    )
    outcome = extra.get("outcome", "published")
    if not event.needs_validation:
        services.publish(event, by=staff)
    else:
        validation.submit_for_validation(event, by=staff)
        if outcome == "returned":
            validation.return_event(
                event,
                by=validator,
                comment="Incluir na programação o momento de escuta dos municípios e indicar "
                "quem conduz cada mesa.",
            )
        elif outcome != "in_validation":
            validation.approve(event, by=validator)
    if outcome == "cancelled":
        services.cancel_event(
            event, by=staff, reason="Adiado para depois do período eleitoral, a pedido da região."
        )
    return event


def _series(state, today, *, staff, validator, phase) -> Series | None:
    if Series.objects.filter(state=state, title=SERIES_TITLE).exists():
        return None
    unit = OrgUnit.objects.filter(slug="ms-segem").first()
    if unit is None:
        return None
    last_year = today.year + 1 if today.month == 12 else today.year
    first = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    series = series_services.create_series(
        by=staff,
        state=state,
        unit=unit,
        title=SERIES_TITLE,
        description="Episódios mensais do MS Ativo Municipalismo, com temas escolhidos pela "
        "escuta dos 79 municípios.",
        type=EventType.WEBSERIE_EPISODE,
        theme="Gestão municipal no MS Ativo",
        rrule=f"FREQ=MONTHLY;BYDAY=+2WE;UNTIL={last_year}1231",
        first_date=first,
        start_time=dt.time(15),
        end_time=dt.time(16, 30),
        modality=Modality.ONLINE,
        url=f"{MEET}webserie-ms-ativo",
        workload_hours=Decimal("1.5"),
        phase=phase,
    )
    for episode in series.episodes.order_by("start"):
        validation.submit_for_validation(episode, by=staff)
        validation.approve(episode, by=validator)
    now = timezone.now()
    upcoming = list(series.episodes.filter(start__gte=now).order_by("start"))
    past = list(series.episodes.filter(start__lt=now).order_by("start"))
    if len(upcoming) >= 2:
        moved = upcoming[1]
        start = moved.start + dt.timedelta(days=1)
        series_services.move_episode(
            moved, by=staff, start=start, end=start + (moved.end - moved.start)
        )
    gone = upcoming[-1] if len(upcoming) >= 3 else (past[0] if past else None)
    if gone is not None:
        services.cancel_event(
            gone, by=staff, reason="Coincide com o encontro estadual; o tema passa ao próximo."
        )
    return series


@transaction.atomic
def load() -> str:
    admin, ms_staff, mt_staff, neep = _people()
    if admin is None:
        return ""
    today = timezone.localdate()
    made = 0
    mt = State.objects.filter(uf="MT").first()
    if mt is not None and mt_staff is not None and neep is not None:
        entries = _plan_entries(today)
        mt_axes = {a.slug: a for a in Axis.objects.filter(state=mt)}
        by_type = {
            kind: mt_axes.get("gestao-do-suas") or next(iter(mt_axes.values()), None)
            for kind in EventType.values
        }
        for row in MT_EVENTS:
            made += bool(
                _make(
                    mt,
                    row,
                    today,
                    staff=mt_staff,
                    validator=neep,
                    entries=entries,
                    axes=by_type,
                    phase=None,
                )
            )
    ms = State.objects.filter(uf="MS").first()
    series = None
    if ms is not None and ms_staff is not None:
        phase = _ms_phase()
        for row in MS_EVENTS:
            made += bool(
                _make(
                    ms,
                    row,
                    today,
                    staff=ms_staff,
                    validator=admin,
                    entries=[],
                    axes={},
                    phase=phase,
                )
            )
        series = _series(ms, today, staff=ms_staff, validator=admin, phase=phase)
    if not made and series is None:
        return ""
    episodes = f", websérie com {series.episodes.count()} episódios" if series else ""
    return f"agenda: {made} eventos{episodes}"
