import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.society import services_councils as services
from apoia.society import services_councils_meetings as meeting_services
from apoia.society.models.councils import CouncilMeeting, MandateRole, Segment

START = datetime.date(2025, 3, 1)
END = datetime.date(2027, 2, 28)
MEETING_AT = datetime.datetime(2026, 5, 12, 14, 0, tzinfo=datetime.UTC)


def make_council(by, municipality, **extra):
    fields = {
        "name": "Conselho Municipal de Assistência Social de Campo Grande",
        "acronym": "CMAS",
        "state": municipality.state,
        "municipality": municipality,
        "legal_basis": "Lei Municipal nº 3.456/1996",
        "policy_area": "Assistência social",
        **extra,
    }
    return services.create_council(by=by, **fields)


def seat_with_holders(by, council, segment, label, organization=None, alternate=True):
    """A seat with a titular and (by default) an alternate in force from START to END."""
    seat = services.add_seat(
        by=by, council=council, segment=segment, label=label, organization=organization
    )
    titular = services.add_mandate(
        by=by,
        seat=seat,
        role=MandateRole.TITULAR,
        person_name=f"Titular {label}",
        person_email="titular@exemplo.test",
        starts_on=START,
        ends_on=END,
    )
    suplente = None
    if alternate:
        suplente = services.add_mandate(
            by=by,
            seat=seat,
            role=MandateRole.ALTERNATE,
            person_name=f"Suplente {label}",
            starts_on=START,
            ends_on=END,
        )
    return seat, titular, suplente


def six_seats(by, council, organization):
    g = Segment.GOVERNMENT
    c = Segment.CIVIL_SOCIETY
    return [
        seat_with_holders(by, council, g, "Secretaria de Assistência Social"),
        seat_with_holders(by, council, g, "Secretaria de Saúde"),
        seat_with_holders(by, council, g, "Secretaria de Educação"),
        seat_with_holders(by, council, c, "Entidades de assistência", organization),
        seat_with_holders(by, council, c, "Usuários"),
        seat_with_holders(by, council, c, "Trabalhadores do SUAS"),
    ]


@pytest.fixture
def council(technician, campo_grande):
    return make_council(technician, campo_grande)


@pytest.fixture
def seats(technician, council, organization):
    return six_seats(technician, council, organization)


def _meeting(by, council, **extra):
    return meeting_services.record_meeting(
        by=by,
        council=council,
        kind=CouncilMeeting.Kind.ORDINARY,
        starts_at=MEETING_AT,
        agenda="Plano municipal de assistência social",
        **extra,
    )


@pytest.mark.django_db
def test_quorum_of_a_hand_computed_meeting(technician, council, seats):
    # Seats 1–3: titular present. Seat 4: titular absent, alternate sits in. Seat 5: titular
    # and alternate both present (one seat). Seat 6: nobody. → 5 present of 6, required 4.
    ids = [seats[0][1].pk, seats[1][1].pk, seats[2][1].pk, seats[3][2].pk]
    ids += [seats[4][1].pk, seats[4][2].pk]
    meeting = _meeting(technician, council, mandate_ids=ids)
    quorum = services.meeting_quorum(meeting)
    assert (quorum.seats_total, quorum.seats_present, quorum.required, quorum.reached) == (
        6,
        5,
        4,
        True,
    )
    assert [row.seat.label for row in quorum.seats if row.by_alternate] == [
        "Entidades de assistência"
    ]


@pytest.mark.django_db
def test_quorum_of_three_titulars_and_an_alternate_sitting_in(technician, council, seats):
    # 3 titulars + 1 alternate for an absent titular + 1 alternate beside its present titular
    # (seat 1) → 4 seats present; 6 seats require 4.
    ids = [seats[0][1].pk, seats[1][1].pk, seats[2][1].pk, seats[3][2].pk, seats[0][2].pk]
    quorum = services.meeting_quorum(_meeting(technician, council, mandate_ids=ids))
    assert (quorum.seats_present, quorum.required, quorum.reached) == (4, 4, True)


@pytest.mark.django_db
def test_alternate_beside_its_titular_adds_no_seat(technician, council, seats):
    ids = [seats[0][1].pk, seats[0][2].pk, seats[1][1].pk, seats[2][1].pk]
    quorum = services.meeting_quorum(_meeting(technician, council, mandate_ids=ids))
    assert (quorum.seats_present, quorum.reached) == (3, False)


@pytest.mark.django_db
def test_seven_seats_require_four(technician, council, seats):
    seat_with_holders(technician, council, Segment.CIVIL_SOCIETY, "Conselhos de classe")
    quorum = services.meeting_quorum(_meeting(technician, council))
    assert (quorum.seats_total, quorum.seats_present, quorum.required) == (7, 0, 4)


@pytest.mark.django_db
def test_attendance_refuses_a_mandate_not_in_force_on_the_meeting_day(technician, council, seats):
    seat = seats[0][0]
    old = services.add_mandate(
        by=technician,
        seat=seat,
        role=MandateRole.TITULAR,
        person_name="Antiga Titular",
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2025, 2, 28),
    )
    meeting = _meeting(technician, council)
    with pytest.raises(ValidationError) as exc:
        meeting_services.set_attendance(by=technician, meeting=meeting, mandate_ids=[old.pk])
    assert exc.value.message_dict == {
        "mandate_ids": ["O mandato de Antiga Titular não está em vigor em 12/05/2026."]
    }


@pytest.mark.django_db
def test_attendance_refuses_a_mandate_of_another_council(technician, council, seats, state_ms):
    other = make_council(technician, council.municipality, name="Conselho do Idoso")
    _, foreign, _ = seat_with_holders(technician, other, Segment.GOVERNMENT, "Secretaria")
    meeting = _meeting(technician, council)
    errors = meeting_services.attendance_errors(council, datetime.date(2026, 5, 12), [foreign.pk])
    assert errors == {0: "Mandato não encontrado neste conselho."}
    with pytest.raises(ValidationError):
        meeting_services.set_attendance(by=technician, meeting=meeting, mandate_ids=[foreign.pk])


@pytest.mark.django_db
def test_set_attendance_replaces_the_previous_list(technician, council, seats):
    meeting = _meeting(technician, council, mandate_ids=[seats[0][1].pk, seats[1][1].pk])
    meeting_services.set_attendance(by=technician, meeting=meeting, mandate_ids=[seats[2][1].pk])
    assert list(meeting.attendances.values_list("mandate_id", flat=True)) == [seats[2][1].pk]


@pytest.mark.django_db
def test_parity_counts_seats_per_segment(technician, council, seats):
    result = services.parity(council)
    assert (result.government, result.civil_society, result.balanced, result.holds) == (
        3,
        3,
        True,
        True,
    )


@pytest.mark.django_db
def test_parity_fails_with_more_government_seats(technician, council, seats):
    seat_with_holders(technician, council, Segment.GOVERNMENT, "Secretaria de Finanças")
    result = services.parity(council)
    assert (result.government, result.civil_society, result.holds) == (4, 3, False)


@pytest.mark.django_db
def test_council_without_required_parity_holds_unbalanced(technician, campo_grande):
    council = make_council(technician, campo_grande, requires_parity=False)
    seat_with_holders(technician, council, Segment.GOVERNMENT, "Secretaria")
    assert services.parity(council).holds is True


@pytest.mark.django_db
def test_government_seat_cannot_name_an_organization(technician, council, organization):
    with pytest.raises(ValidationError) as exc:
        services.add_seat(
            by=technician,
            council=council,
            segment=Segment.GOVERNMENT,
            label="Secretaria",
            organization=organization,
        )
    assert list(exc.value.message_dict) == ["organization"]


@pytest.mark.django_db
def test_civil_society_seat_names_an_organization(technician, council, organization):
    seat = services.add_seat(
        by=technician,
        council=council,
        segment=Segment.CIVIL_SOCIETY,
        label="Entidades",
        organization=organization,
    )
    assert seat.organization == organization


@pytest.mark.django_db
def test_overlapping_mandate_of_the_same_role_is_refused(technician, council, seats):
    with pytest.raises(ValidationError) as exc:
        services.add_mandate(
            by=technician,
            seat=seats[0][0],
            role=MandateRole.TITULAR,
            person_name="Outra Pessoa",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2029, 2, 28),
        )
    assert list(exc.value.message_dict) == ["starts_on"]


@pytest.mark.django_db
def test_next_mandate_may_start_the_day_after(technician, council, seats):
    mandate = services.add_mandate(
        by=technician,
        seat=seats[0][0],
        role=MandateRole.TITULAR,
        person_name="Próxima Titular",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2029, 2, 28),
    )
    assert mandate.pk


@pytest.mark.django_db
def test_mandate_cannot_end_before_it_starts(technician, council, seats):
    with pytest.raises(ValidationError) as exc:
        services.add_mandate(
            by=technician,
            seat=seats[0][0],
            role=MandateRole.ALTERNATE,
            person_name="Pessoa",
            starts_on=datetime.date(2031, 3, 1),
            ends_on=datetime.date(2031, 2, 1),
        )
    assert exc.value.message_dict == {"ends_on": ["O mandato não pode terminar antes de começar."]}


@pytest.mark.django_db
def test_resolution_number_is_unique_per_council_and_year(technician, council):
    kwargs = {"by": technician, "council": council, "summary": "Aprova o plano."}
    meeting_services.add_resolution(number=1, issued_on=datetime.date(2026, 5, 12), **kwargs)
    meeting_services.add_resolution(number=1, issued_on=datetime.date(2027, 1, 20), **kwargs)
    with pytest.raises(ValidationError) as exc:
        meeting_services.add_resolution(number=1, issued_on=datetime.date(2026, 6, 1), **kwargs)
    assert exc.value.message_dict == {"number": ["Este conselho já tem a resolução nº 1/2026."]}


@pytest.mark.django_db
def test_minutes_cannot_be_approved_before_the_meeting(technician, council):
    meeting = _meeting(technician, council)
    with pytest.raises(ValidationError) as exc:
        meeting_services.record_minutes(
            by=technician,
            meeting=meeting,
            minutes="Aberta a sessão…",
            approved_on=datetime.date(2026, 5, 1),
        )
    assert list(exc.value.message_dict) == ["approved_on"]


@pytest.mark.django_db
def test_meeting_needs_an_agenda(technician, council):
    with pytest.raises(ValidationError) as exc:
        meeting_services.record_meeting(
            by=technician, council=council, kind="ordinary", starts_at=MEETING_AT, agenda=" "
        )
    assert list(exc.value.message_dict) == ["agenda"]


@pytest.mark.django_db
def test_municipality_must_be_of_the_council_state(admin_user, campo_grande, state_mt):
    with pytest.raises(ValidationError) as exc:
        make_council(admin_user, campo_grande, state=state_mt)
    assert exc.value.message_dict == {"municipality": ["O município não é do estado do conselho."]}


@pytest.mark.django_db
def test_staff_of_another_state_cannot_create(technician, state_mt):
    with pytest.raises(PermissionDenied):
        services.create_council(
            by=technician, name="CEAS", state=state_mt, legal_basis="Lei", policy_area="Saúde"
        )


@pytest.mark.django_db
def test_representative_of_another_organization_cannot_manage(other_organization_user, council):
    with pytest.raises(PermissionDenied):
        services.add_seat(
            by=other_organization_user, council=council, segment="government", label="X"
        )


@pytest.mark.django_db
def test_representative_of_the_council_record_manages_it(
    technician, campo_grande, organization, organization_user
):
    council = make_council(technician, campo_grande, organization=organization)
    seat = services.add_seat(
        by=organization_user, council=council, segment="government", label="Secretaria"
    )
    assert seat.council == council


@pytest.mark.django_db
def test_council_without_legal_basis_is_refused(technician, campo_grande):
    with pytest.raises(ValidationError) as exc:
        make_council(technician, campo_grande, legal_basis="")
    assert list(exc.value.message_dict) == ["legal_basis"]


@pytest.mark.django_db
def test_ends_soon_within_sixty_days(technician, council, seats):
    mandate = seats[0][1]
    today = datetime.date(2026, 12, 30)
    assert (services.days_left(mandate, today), services.ends_soon(mandate, today)) == (60, True)
    assert services.ends_soon(mandate, datetime.date(2026, 12, 29)) is False
