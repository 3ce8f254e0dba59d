"""Councils' meetings and resolutions as service functions: a meeting with its attendance
(mandates of the council in force on the meeting's day) and minutes, and resolutions numbered
within their year. The quorum is derived (`services_councils.meeting_quorum`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from apoia.society.models.councils import (
    Council,
    CouncilAttendance,
    CouncilMeeting,
    Mandate,
    Resolution,
)
from apoia.society.services_councils import check_manager, meeting_day


def attendance_errors(council: Council, day: datetime.date, mandate_ids) -> dict[int, str]:
    """{position in `mandate_ids`: why it cannot attend}; empty when every mandate may."""
    ids = list(mandate_ids)
    found = {
        m.pk: m
        for m in Mandate.objects.filter(
            pk__in=[i for i in ids if isinstance(i, int)], seat__council=council
        )
    }
    errors = {}
    for index, pk in enumerate(ids):
        mandate = found.get(pk)
        if mandate is None:
            errors[index] = "Mandato não encontrado neste conselho."
        elif not mandate.starts_on <= day <= mandate.ends_on:
            errors[index] = (
                f"O mandato de {mandate.person_name} não está em vigor em {day:%d/%m/%Y}."
            )
        elif pk in ids[:index]:
            errors[index] = "Mandato repetido."
    return errors


def _set_attendance(meeting, mandate_ids):
    problems = attendance_errors(meeting.council, meeting_day(meeting), mandate_ids)
    if problems:
        raise ValidationError({"mandate_ids": list(problems.values())})
    meeting.attendances.exclude(mandate_id__in=mandate_ids).delete()
    have = set(meeting.attendances.values_list("mandate_id", flat=True))
    CouncilAttendance.objects.bulk_create(
        CouncilAttendance(meeting=meeting, mandate_id=pk) for pk in mandate_ids if pk not in have
    )


def _minutes_errors(meeting, minutes, approved_on) -> dict:
    errors = {}
    if not (minutes or "").strip():
        errors["minutes"] = ["Escreva a ata."]
    if approved_on and approved_on < meeting_day(meeting):
        errors["approved_on"] = ["A ata não pode ser aprovada antes da reunião."]
    return errors


@transaction.atomic
def record_meeting(
    *,
    by,
    council,
    kind,
    starts_at,
    agenda,
    place="",
    mandate_ids=None,
    minutes="",
    minutes_approved_on=None,
) -> CouncilMeeting:
    """A meeting; with `mandate_ids` its attendance and with `minutes` its minutes, at once."""
    check_manager(by, council)
    errors = {}
    if kind not in CouncilMeeting.Kind.values:
        errors["kind"] = ["Tipo inválido: ordinária ou extraordinária."]
    if not starts_at:
        errors["starts_at"] = ["Informe a data e a hora."]
    if not (agenda or "").strip():
        errors["agenda"] = ["Informe a pauta."]
    if errors:
        raise ValidationError(errors)
    meeting = CouncilMeeting.objects.create(
        council=council,
        kind=kind,
        starts_at=starts_at,
        place=(place or "").strip(),
        agenda=agenda.strip(),
        recorded_by=by if by.is_authenticated else None,
    )
    if mandate_ids:
        _set_attendance(meeting, list(mandate_ids))
    if (minutes or "").strip():
        problems = _minutes_errors(meeting, minutes, minutes_approved_on)
        if problems:
            raise ValidationError(problems)
        meeting.minutes = minutes.strip()
        meeting.minutes_approved_on = minutes_approved_on
        meeting.save(update_fields=["minutes", "minutes_approved_on"])
    return meeting


@transaction.atomic
def set_attendance(*, by, meeting, mandate_ids) -> CouncilMeeting:
    """Replaces the meeting's attendance with `mandate_ids` (mandates of this council in force
    on the meeting's day)."""
    meeting = (
        CouncilMeeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    )
    check_manager(by, meeting.council)
    _set_attendance(meeting, list(mandate_ids))
    return meeting


@transaction.atomic
def record_minutes(*, by, meeting, minutes, approved_on=None) -> CouncilMeeting:
    meeting = (
        CouncilMeeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    )
    check_manager(by, meeting.council)
    errors = _minutes_errors(meeting, minutes, approved_on)
    if errors:
        raise ValidationError(errors)
    meeting.minutes = minutes.strip()
    meeting.minutes_approved_on = approved_on
    meeting.save(update_fields=["minutes", "minutes_approved_on"])
    return meeting


@transaction.atomic
def add_resolution(
    *, by, council, number, issued_on, summary, year=None, link="", meeting=None
) -> Resolution:
    """A resolution, numbered within its year (by default, the year it was issued)."""
    check_manager(by, council)
    errors = {}
    if not number or number < 1:
        errors["number"] = ["Informe o número da resolução."]
    if not issued_on:
        errors["issued_on"] = ["Informe a data da resolução."]
    if not (summary or "").strip():
        errors["summary"] = ["Escreva a ementa."]
    if meeting is not None and meeting.council_id != council.pk:
        errors["meeting"] = ["A reunião não é deste conselho."]
    year = year or (issued_on.year if issued_on else None)
    if "number" not in errors and year:
        taken = Resolution.objects.filter(council=council, year=year, number=number)
        if taken.exists():
            errors["number"] = [f"Este conselho já tem a resolução nº {number}/{year}."]
    if errors:
        raise ValidationError(errors)
    resolution = Resolution(
        council=council,
        meeting=meeting,
        number=number,
        year=year,
        issued_on=issued_on,
        summary=summary.strip(),
        link=(link or "").strip(),
    )
    resolution.full_clean()
    resolution.save()
    return resolution
