"""Demo data of the agenda: registrations, attendance, certificates and ratings.

- The two upcoming published events with few places (the events demo's, capacity ≤ 10; or
  two of our own in MT with 10 and 5 places when there are none): the larger is nearly full
  (one place left) with municipio-mt@apoia.demo (Cuiabá) among its people, the smaller is
  full with two people on the waiting list.
- Three past events of our own (two in MT, one in MS; encontro and web encontro, validated)
  with registrations of demo municipalities, attendance, certificates (one revoked with a
  reason) and ratings with comments; municipio-mt@ attended the first, with a certificate.

Written with the ORM (no e-mails go out); idempotent: events by state and title, registrations
by event and e-mail, a certificate and a rating per registration."""

import datetime as dt
import unicodedata
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import OrgUnit, User
from apoia.agenda import queries
from apoia.agenda.codes import new_code
from apoia.agenda.models import (
    Certificate,
    CheckinMethod,
    Event,
    EventStatus,
    EventType,
    Feedback,
    Modality,
    Registration,
    RegistrationStatus,
)
from apoia.agenda.services.certificates import event_dates
from apoia.territory.models import State

FOCAL_POINT = "municipio-mt@apoia.demo"
MT_MUNICIPALITIES = (5103403, 5108402, 5107602, 5107909, 5107958, 5102504, 5101803, 5107040)
MS_MUNICIPALITIES = (5002704, 5003702, 5008305, 5003207, 5006606)
FIRST_NAMES = (
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Elaine",
    "Fábio",
    "Gisele",
    "Heitor",
    "Isabela",
    "João",
    "Karina",
    "Lucas",
)
SURNAMES = ("Almeida", "Barbosa", "Cardoso", "Duarte", "Esteves", "Ferraz", "Gomes", "Lima")
ROLES = (
    "Gestor(a) municipal de assistência social",
    "Técnico(a) do CRAS",
    "Coordenador(a) do CREAS",
    "Técnico(a) da vigilância socioassistencial",
    "Conselheiro(a) municipal",
)
COMMENTS = (
    "Conteúdo muito útil para a rotina do CRAS.",
    "Gostaria de mais tempo para as perguntas dos municípios.",
    "Ótima troca de experiências entre os municípios.",
    "",
    "Material claro; vamos replicar com a equipe.",
)
RATINGS = (5, 4, 5, 3, 4, 5, 2, 4)
REVOKE_REASON = "Presença registrada por engano: a pessoa não participou do encontro."

# (uf, days ago, hour, hours long, type, modality, title, unit slug, people)
PAST = (
    (
        "MT",
        45,
        8,
        8,
        EventType.ENCONTRO,
        Modality.IN_PERSON,
        "Encontro Estadual de Gestores do SUAS — balanço do semestre",
        "mt-cpsb",
        8,
    ),
    (
        "MT",
        20,
        14,
        3,
        EventType.WEB_ENCONTRO,
        Modality.ONLINE,
        "Web Encontro: acompanhamento familiar no PAEFI",
        "mt-cpse-mc",
        7,
    ),
    (
        "MS",
        35,
        9,
        3,
        EventType.WEB_ENCONTRO,
        Modality.ONLINE,
        "Web Encontro MS Ativo: Cadastro Único na gestão municipal",
        "ms-segem",
        6,
    ),
)
OWN_UPCOMING = (
    (10, "Web Encontro: registro mensal de atendimentos (RMA)", 10),
    (12, "Oficina: planejamento do acompanhamento familiar no PAIF", 5),
)
MEET = "https://meet.apoia.demo/"


def _user(email):
    return User.objects.filter(email=email).first()


def _code(model, length):
    while True:
        code = new_code(length)
        if not model.objects.filter(code=code).exists():
            return code


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))


def _person(n: int, municipality) -> tuple[str, str, str]:
    name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[(n * 3) % len(SURNAMES)]}"
    slug = _ascii(name).replace(" ", ".")
    place = _ascii(municipality.name).replace(" ", "")
    email = f"{slug}.{n}@{place[:20]}.demo"
    return name, email, ROLES[n % len(ROLES)]


def _register(event, municipality, name, email, role, *, by, status=None) -> Registration:
    found = event.registrations.filter(email=email).exclude(status="cancelled").first()
    if found:
        return found
    if status is None:
        left = queries.places_left(event)
        status = (
            RegistrationStatus.REGISTERED
            if left is None or left > 0
            else RegistrationStatus.WAITING
        )
    return Registration.objects.create(
        event=event,
        code=_code(Registration, 8),
        name=name,
        email=email,
        role=role,
        municipality=municipality,
        registered_by=by,
        status=status,
    )


def _municipalities(event, wanted):
    allowed = queries.audience(event)
    found = list(allowed.filter(pk__in=wanted).order_by("name"))
    return found or list(allowed.order_by("name")[:5])


def _small_events(today_start, staff):
    small = list(
        queries.public_events()
        .filter(status=EventStatus.PUBLISHED, start__gt=today_start, capacity__lte=10)
        .exclude(capacity=0)
        .order_by("-capacity", "start")[:2]
    )
    if len(small) == 2:
        return small
    state = State.objects.get(uf="MT")
    unit = OrgUnit.objects.filter(slug="mt-cpsb").first()
    made = []
    for days, title, capacity in OWN_UPCOMING:
        event = Event.objects.filter(state=state, title=title).first()
        if event is None:
            zone = ZoneInfo(state.timezone)
            day = timezone.localdate(timezone=zone) + dt.timedelta(days=days)
            start = dt.datetime.combine(day, dt.time(14), tzinfo=zone)
            event = Event.objects.create(
                state=state,
                unit=unit,
                title=title,
                type=EventType.WEB_ENCONTRO,
                modality=Modality.ONLINE,
                theme=title.split(": ", 1)[-1],
                start=start,
                end=start + dt.timedelta(hours=2),
                workload_hours=Decimal(2),
                url=f"{MEET}{'rma' if capacity == 10 else 'paif'}",
                capacity=capacity,
                status=EventStatus.PUBLISHED,
                published_at=timezone.now(),
                validated_by=_user("neep@apoia.demo"),
                validated_at=timezone.now(),
                created_by=staff,
            )
        made.append(event)
    return made


def _fill_upcoming(event, *, nearly_full: bool, staff, focal) -> int:
    municipalities = _municipalities(event, MT_MUNICIPALITIES + MS_MUNICIPALITIES)
    count = 0
    if nearly_full and focal is not None and event.state.uf == "MT":
        mine = [
            m for m in queries.focal_point_municipalities(focal) if queries.in_audience(event, m)
        ]
        if mine:
            _register(event, mine[0], focal.full_name, focal.email, ROLES[0], by=focal)
            count += 1
    target = event.capacity - 1 if nearly_full else event.capacity + 2
    n = 0
    while event.registrations.exclude(status="cancelled").count() < target and n < 40:
        municipality = municipalities[n % len(municipalities)]
        name, email, role = _person(n + (0 if nearly_full else 20), municipality)
        _register(event, municipality, name, email, role, by=staff)
        count += 1
        n += 1
    return count


def _past_event(row, staff_of, validator_of):
    uf, days_ago, hour, length, kind, modality, title, unit_slug, _people = row
    state = State.objects.get(uf=uf)
    found = Event.objects.filter(state=state, title=title).first()
    if found:
        return found
    zone = ZoneInfo(state.timezone)
    day = timezone.localdate(timezone=zone) - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
    unit = (
        OrgUnit.objects.filter(slug=unit_slug).first()
        or OrgUnit.objects.filter(state=state).first()
    )
    validated = start - dt.timedelta(days=20)
    return Event.objects.create(
        state=state,
        unit=unit,
        title=title,
        type=kind,
        modality=modality,
        theme=title.split(": ", 1)[-1].split(" — ")[0],
        programme="Abertura; exposição do tema; roda de conversa com os municípios; "
        "encaminhamentos.",
        description=f"{title}, com a equipe de {unit.name}.",
        start=start,
        end=start + dt.timedelta(hours=length),
        workload_hours=Decimal(length),
        place="Auditório da SETASC, Cuiabá" if modality == Modality.IN_PERSON else "",
        url=f"{MEET}{unit_slug}-{days_ago}" if modality == Modality.ONLINE else "",
        audience_roles="Gestores(as) e técnicos(as) da assistência social",
        capacity=40,
        status=EventStatus.PUBLISHED,
        published_at=validated,
        validated_by=validator_of[uf],
        validated_at=validated,
        created_by=staff_of[uf],
    )


def _attend(event, registration, n, *, staff, revoke=False) -> tuple[int, int]:
    """Check `registration` in, issue its certificate and rate the event; returns
    (certificates made, ratings made)."""
    made = rated = 0
    if not registration.attended:
        registration.checked_in_at = event.start + dt.timedelta(minutes=5 + n)
        registration.checked_in_by = staff if event.modality == Modality.IN_PERSON else None
        registration.checkin_method = (
            CheckinMethod.CODE
            if event.modality == Modality.IN_PERSON
            else CheckinMethod.ONLINE_CODE
        )
        registration.save(update_fields=["checked_in_at", "checked_in_by", "checkin_method"])
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is None:
        certificate = Certificate.objects.create(
            registration=registration,
            code=_code(Certificate, 12),
            name=registration.name,
            event_title=event.title,
            event_dates=event_dates(event),
            workload_hours=event.workload_hours,
            issuer=event.unit.name,
        )
        made = 1
        if revoke:
            certificate.revoked_at = event.end + dt.timedelta(days=2)
            certificate.revoked_by = staff
            certificate.revoke_reason = REVOKE_REASON
            certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    if not revoke and not Feedback.objects.filter(registration=registration).exists():
        Feedback.objects.create(
            registration=registration,
            rating=RATINGS[n % len(RATINGS)],
            comment=COMMENTS[n % len(COMMENTS)],
        )
        rated = 1
    return made, rated


def _fill_past(event, people: int, *, staff, focal, first: bool) -> tuple[int, int, int]:
    wanted = MT_MUNICIPALITIES if event.state.uf == "MT" else MS_MUNICIPALITIES
    municipalities = _municipalities(event, wanted)
    registrations = []
    if first and focal is not None:
        mine = [
            m for m in queries.focal_point_municipalities(focal) if queries.in_audience(event, m)
        ]
        if mine:
            registrations.append(
                _register(
                    event,
                    mine[0],
                    focal.full_name,
                    focal.email,
                    ROLES[0],
                    by=focal,
                    status=RegistrationStatus.REGISTERED,
                )
            )
    offset = {"MT": 40, "MS": 60}[event.state.uf] + (0 if first else 10)
    for n in range(people):
        municipality = municipalities[n % len(municipalities)]
        name, email, role = _person(n + offset, municipality)
        registrations.append(
            _register(
                event,
                municipality,
                name,
                email,
                role,
                by=staff,
                status=RegistrationStatus.REGISTERED,
            )
        )
    certificates = ratings = attended = 0
    for n, registration in enumerate(registrations):
        if n % 4 == 3:  # one in four did not come
            continue
        attended += 1
        made, rated = _attend(event, registration, n, staff=staff, revoke=first and n == 2)
        certificates += made
        ratings += rated
    return attended, certificates, ratings


def load() -> str:
    staff_of = {"MT": _user("tecnico-mt@apoia.demo"), "MS": _user("tecnico@apoia.demo")}
    validator_of = {"MT": _user("neep@apoia.demo"), "MS": _user("admin@apoia.demo")}
    if staff_of["MT"] is None or staff_of["MS"] is None:
        return ""
    focal = _user(FOCAL_POINT)
    now = timezone.now()
    with transaction.atomic():
        upcoming = _small_events(now, staff_of["MT"])
        registered = 0
        for index, event in enumerate(sorted(upcoming, key=lambda e: -e.capacity)):
            staff = staff_of.get(event.state.uf, staff_of["MT"])
            registered += _fill_upcoming(event, nearly_full=index == 0, staff=staff, focal=focal)
        attended = certificates = ratings = 0
        for index, row in enumerate(PAST):
            event = _past_event(row, staff_of, validator_of)
            a, c, r = _fill_past(
                event, row[-1], staff=staff_of[row[0]], focal=focal, first=index == 0
            )
            attended += a
            certificates += c
            ratings += r
    return (
        f"agenda registrations: {registered} new in upcoming events, {attended} attendees, "
        f"{certificates} new certificates, {ratings} new ratings"
    )
