"""Demo data of the agenda: one-to-one support appointments (art. 6º, II) in Mato Grosso.

Three coordinations publish slots on the next business days (relative to the day the demo
loads): Proteção Social Básica (tecnico-mt@apoia.demo), Vigilância Socioassistencial and
Cadastro Único. Cuiabá's focal point (municipio-mt@apoia.demo) booked two of them through the
real catalog service, so they have protocol numbers in the units' queues, and cancelled a
third. Idempotent: nothing is added when the demo's slots are there."""

import datetime as dt

from django.utils import timezone

from apoia.accounts.models import OrgUnit, Role, Theme, User
from apoia.accounts.services import ensure_membership
from apoia.agenda.models import Modality, Slot
from apoia.agenda.services import appointments as services

PLACE = "Sede da SAAS/SETASC — Palácio Paiaguás, Cuiabá"
LINK = "https://conferencia.setasc.mt.gov.br/apoio-tecnico"

# (unit, technician e-mail, name, [(business day ahead, from, to, minutes, theme, modality)])
UNITS = (
    (
        "mt-cpsb",
        "tecnico-mt@apoia.demo",
        "",
        [
            (1, 9, 12, 60, "paif", Modality.HYBRID),
            (2, 14, 16, 60, "scfv", Modality.ONLINE),
            (4, 9, 11, 60, "equipes-volantes", Modality.IN_PERSON),
        ],
    ),
    (
        "mt-cvs",
        "vigilancia-mt@apoia.demo",
        "Valéria Vasconcelos",
        [
            (2, 8, 10, 60, "vigilancia-socioassistencial", Modality.ONLINE),
            (3, 14, 17, 90, "censo-suas", Modality.HYBRID),
        ],
    ),
    (
        "mt-ccadunico",
        "cadunico-mt@apoia.demo",
        "Cláudio Campos",
        [
            (3, 9, 11, 30, "cadunico", Modality.ONLINE),
            (5, 14, 15, 60, "cecad", Modality.IN_PERSON),
        ],
    ),
)


def _business_day(today: dt.date, ahead: int) -> dt.date:
    day = today
    while ahead:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            ahead -= 1
    return day


def _technician(unit: OrgUnit, email: str, name: str) -> User | None:
    user = User.objects.filter(email=email).first()
    if user is None and name:
        user = User.objects.create_user(email=email, password=None, full_name=name)
        ensure_membership(user, Role.TECHNICIAN, org_unit=unit)
    return user


def load() -> str:
    booker = User.objects.filter(email="municipio-mt@apoia.demo").first()
    if booker is None or services.queries.appointment_service() is None:
        return ""
    if Slot.objects.filter(technician__email="tecnico-mt@apoia.demo").exists():
        return ""
    today = timezone.localdate()
    published: dict[str, list[Slot]] = {}
    for slug, email, name, runs in UNITS:
        unit = OrgUnit.objects.filter(slug=slug).first()
        technician = unit and _technician(unit, email, name)
        if unit is None or technician is None:
            continue
        for ahead, start, end, minutes, theme, modality in runs:
            theme_row = (
                unit.themes.filter(slug=theme).first() or Theme.objects.filter(slug=theme).first()
            )
            if theme_row is None:
                continue
            published.setdefault(slug, []).extend(
                services.publish_slots(
                    unit=unit,
                    theme=theme_row,
                    day=_business_day(today, ahead),
                    start_time=dt.time(start),
                    end_time=dt.time(end),
                    duration_minutes=minutes,
                    modality=modality,
                    place=PLACE if modality != Modality.ONLINE else "",
                    url=LINK if modality != Modality.IN_PERSON else "",
                    by=technician,
                )
            )
    booked = 0
    bookings = (
        ("mt-cpsb", 0, "Como reorganizar o PAIF com a equipe do CRAS reduzida?", "in_person"),
        ("mt-cvs", 0, "Precisamos de apoio para atualizar o diagnóstico socioterritorial.", ""),
        ("mt-ccadunico", 1, "Dúvidas sobre a averiguação cadastral deste ano no CadÚnico.", ""),
    )
    made = []
    for slug, index, question, modality in bookings:
        slots = published.get(slug, [])
        if len(slots) > index:
            made.append(
                services.book(slots[index], by=booker, question=question, modality=modality)
            )
            booked += 1
    if made:
        services.cancel(
            made[-1],
            by=booker,
            reason="A equipe do CadÚnico estará em capacitação neste dia; agendaremos outro.",
        )
    total = sum(len(s) for s in published.values())
    return f"agenda: {total} horários de atendimento, {booked} agendamentos (1 cancelado)"
