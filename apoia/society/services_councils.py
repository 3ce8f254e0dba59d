"""Councils ("conselhos") as service functions: the council, its seats and their titular
and alternate mandates, and what is derived from them (holders in force, parity, a meeting's
quorum). Meetings, attendance, minutes and resolutions: `services_councils_meetings`.

A mandate is in force on a day d when starts_on <= d <= ends_on; a seat's current titular
(or alternate) is its mandate of that role in force. The web and the API call these same
functions; each checks who acts (`queries_councils.may_manage_council`).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apoia.society.models.councils import (
    Council,
    CouncilMeeting,
    Mandate,
    MandateRole,
    Seat,
    Segment,
)
from apoia.society.queries_councils import may_create_council, may_manage_council

ENDING_WITHIN_DAYS = 60
COUNCIL_FIELDS = (
    "name",
    "acronym",
    "state",
    "municipality",
    "legal_basis",
    "policy_area",
    "requires_parity",
    "organization",
)


# --- Derived values -------------------------------------------------------------------------


def in_force(mandates, day: datetime.date):
    """The mandates (a queryset) in force on `day`."""
    return mandates.filter(starts_on__lte=day, ends_on__gte=day)


def holder(seat: Seat, role: str, day: datetime.date) -> Mandate | None:
    """The seat's mandate of `role` in force on `day` (the latest to start, should two be)."""
    found = [m for m in seat.mandates.all() if m.role == role and m.starts_on <= day <= m.ends_on]
    return max(found, key=lambda m: m.starts_on, default=None)


def days_left(mandate: Mandate, today: datetime.date) -> int:
    return (mandate.ends_on - today).days


def ends_soon(mandate: Mandate | None, today: datetime.date) -> bool:
    return mandate is not None and 0 <= days_left(mandate, today) <= ENDING_WITHIN_DAYS


@dataclass
class SeatHolders:
    """A seat with its titular and alternate in force on `day`."""

    seat: Seat
    titular: Mandate | None
    alternate: Mandate | None
    day: datetime.date

    @property
    def titular_days_left(self) -> int | None:
        return days_left(self.titular, self.day) if self.titular else None

    @property
    def alternate_days_left(self) -> int | None:
        return days_left(self.alternate, self.day) if self.alternate else None

    @property
    def titular_ends_soon(self) -> bool:
        return ends_soon(self.titular, self.day)

    @property
    def alternate_ends_soon(self) -> bool:
        return ends_soon(self.alternate, self.day)


def seat_holders(seats, day: datetime.date) -> list[SeatHolders]:
    """Each seat (with `mandates` prefetched, ideally) and who holds it on `day`."""
    return [
        SeatHolders(
            seat=seat,
            titular=holder(seat, MandateRole.TITULAR, day),
            alternate=holder(seat, MandateRole.ALTERNATE, day),
            day=day,
        )
        for seat in seats
    ]


@dataclass
class Parity:
    government: int
    civil_society: int
    requires_parity: bool

    @property
    def balanced(self) -> bool:
        """As many government seats as civil-society seats (and some seats)."""
        return self.government == self.civil_society and self.government > 0

    @property
    def holds(self) -> bool:
        """What the law asks is met: parity when it is required; anything otherwise."""
        return self.balanced or not self.requires_parity


def parity(council: Council) -> Parity:
    segments = [s.segment for s in council.seats.all()]
    return Parity(
        government=segments.count(Segment.GOVERNMENT),
        civil_society=segments.count(Segment.CIVIL_SOCIETY),
        requires_parity=council.requires_parity,
    )


def meeting_day(meeting: CouncilMeeting) -> datetime.date:
    return timezone.localdate(meeting.starts_at)


@dataclass
class SeatPresence:
    """Who held a seat on the meeting's day and who sat in it."""

    seat: Seat
    titular: Mandate | None
    alternate: Mandate | None
    titular_attended: bool
    alternate_attended: bool

    @property
    def sat(self) -> Mandate | None:
        if self.titular_attended:
            return self.titular
        if self.alternate_attended:
            return self.alternate
        return None

    @property
    def present(self) -> bool:
        return self.sat is not None

    @property
    def by_alternate(self) -> bool:
        return self.present and not self.titular_attended


@dataclass
class Quorum:
    seats_total: int
    seats_present: int
    required: int
    reached: bool
    seats: list[SeatPresence] = field(default_factory=list)


def meeting_quorum(meeting: CouncilMeeting) -> Quorum:
    """The meeting's quorum, from the attendance recorded.

    A seat is present when its titular in force on the meeting's day attended or, the titular
    absent, its alternate in force attended ("suplente no exercício da titularidade"); an
    alternate present beside its titular adds no seat. The quorum required is the absolute
    majority of the council's seats — more than half: seats_total // 2 + 1 (6 seats → 4,
    7 seats → 4) — and it is reached when seats_present >= required.
    """
    day = meeting_day(meeting)
    attended = set(meeting.attendances.values_list("mandate_id", flat=True))
    seats = meeting.council.seats.prefetch_related("mandates")
    rows = []
    for seat in seats:
        titular = holder(seat, MandateRole.TITULAR, day)
        alternate = holder(seat, MandateRole.ALTERNATE, day)
        rows.append(
            SeatPresence(
                seat=seat,
                titular=titular,
                alternate=alternate,
                titular_attended=titular is not None and titular.pk in attended,
                alternate_attended=alternate is not None and alternate.pk in attended,
            )
        )
    total = len(rows)
    present = sum(1 for r in rows if r.present)
    required = total // 2 + 1
    return Quorum(
        seats_total=total,
        seats_present=present,
        required=required,
        reached=total > 0 and present >= required,
        seats=rows,
    )


# --- Writes ---------------------------------------------------------------------------------


def check_manager(by, council):
    if not may_manage_council(by, council):
        raise PermissionDenied("Você não gerencia este conselho.")


def _clean_council(council: Council) -> None:
    errors = {}
    if council.municipality_id and council.municipality.state_id != council.state_id:
        errors["municipality"] = ["O município não é do estado do conselho."]
    try:
        council.full_clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _strip(values: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


@transaction.atomic
def create_council(
    *,
    by,
    name,
    state,
    legal_basis,
    policy_area,
    municipality=None,
    acronym="",
    requires_parity=True,
    organization=None,
) -> Council:
    if state is None:
        raise ValidationError({"state": ["Escolha o estado."]})
    if not may_create_council(by, state.pk):
        raise PermissionDenied("Você não cria conselhos deste estado.")
    council = Council(
        **_strip(
            {
                "name": name or "",
                "acronym": acronym or "",
                "state": state,
                "municipality": municipality,
                "legal_basis": legal_basis or "",
                "policy_area": policy_area or "",
                "requires_parity": bool(requires_parity),
                "organization": organization,
            }
        )
    )
    _clean_council(council)
    council.save()
    return council


@transaction.atomic
def edit_council(*, by, council, **changes) -> Council:
    """Changes some of COUNCIL_FIELDS; the state stays unless the user manages the new one."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    check_manager(by, council)
    unknown = set(changes) - set(COUNCIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown council fields: {sorted(unknown)}")
    new_state = changes.get("state")
    if new_state and new_state.pk != council.state_id and not may_create_council(by, new_state.pk):
        raise ValidationError({"state": ["Você não gerencia conselhos deste estado."]})
    for key, value in _strip(changes).items():
        setattr(council, key, value)
    _clean_council(council)
    council.save()
    return council


@transaction.atomic
def add_seat(*, by, council, segment, label, organization=None, order=None) -> Seat:
    check_manager(by, council)
    errors = {}
    if segment not in Segment.values:
        errors["segment"] = ["Segmento inválido."]
    if organization is not None:
        if segment == Segment.GOVERNMENT:
            errors["organization"] = [
                "Só cadeiras da sociedade civil são ocupadas por organizações do registro."
            ]
        elif organization.municipality.state_id != council.state_id:
            errors["organization"] = ["A organização não é do estado do conselho."]
    if errors:
        raise ValidationError(errors)
    if order is None:
        order = council.seats.filter(segment=segment).count() + 1
    seat = Seat(
        council=council,
        segment=segment,
        label=(label or "").strip(),
        organization=organization,
        order=order,
    )
    seat.full_clean()
    seat.save()
    return seat


def _save_mandate(mandate: Mandate) -> Mandate:
    """Checks `mandate` (role, dates, no overlap with another of its role on the seat) and saves
    it; the one place of a mandate's rules, for a new one and a corrected one."""
    errors = {}
    if mandate.role not in MandateRole.values:
        errors["role"] = ["Função inválida: titular ou suplente."]
    if not mandate.starts_on:
        errors["starts_on"] = ["Informe o início do mandato."]
    if not mandate.ends_on:
        errors["ends_on"] = ["Informe o fim do mandato."]
    elif mandate.starts_on and mandate.ends_on < mandate.starts_on:
        errors["ends_on"] = ["O mandato não pode terminar antes de começar."]
    if not errors:
        overlapping = (
            mandate.seat.mandates.filter(
                role=mandate.role,
                starts_on__lte=mandate.ends_on,
                ends_on__gte=mandate.starts_on,
            )
            .exclude(pk=mandate.pk)
            .first()
        )
        if overlapping:
            errors["starts_on"] = [
                f"A cadeira já tem {overlapping.get_role_display().lower()} neste período: "
                f"{overlapping.person_name}, de {overlapping.starts_on:%d/%m/%Y} "
                f"a {overlapping.ends_on:%d/%m/%Y}."
            ]
    try:
        mandate.full_clean(exclude=[k for k in errors])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    mandate.save()
    return mandate


def _mandate_fields(role, person_name, starts_on, ends_on, person_email, act) -> dict:
    return {
        "role": role,
        "person_name": (person_name or "").strip(),
        "person_email": (person_email or "").strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "act": (act or "").strip(),
    }


@transaction.atomic
def add_mandate(
    *, by, seat, role, person_name, starts_on, ends_on, person_email="", act=""
) -> Mandate:
    """A titular's or alternate's mandate; never overlapping another of the same role."""
    seat = Seat.objects.select_for_update().select_related("council").get(pk=seat.pk)
    check_manager(by, seat.council)
    fields = _mandate_fields(role, person_name, starts_on, ends_on, person_email, act)
    return _save_mandate(Mandate(seat=seat, **fields))


@transaction.atomic
def edit_mandate(
    *, by, mandate, role, person_name, starts_on, ends_on, person_email="", act=""
) -> Mandate:
    """Corrects a mandate (a misspelt name, a mandate ended early by a resignation) under the
    same rules as a new one; a changed end date sends its 60-day alert again."""
    seat = Seat.objects.select_for_update().select_related("council").get(pk=mandate.seat_id)
    check_manager(by, seat.council)
    mandate = Mandate.objects.get(pk=mandate.pk)
    ended = mandate.ends_on
    fields = _mandate_fields(role, person_name, starts_on, ends_on, person_email, act)
    for name, value in fields.items():
        setattr(mandate, name, value)
    mandate.seat = seat
    if mandate.ends_on != ended:
        mandate.end_alert_sent_on = None
    return _save_mandate(mandate)
