"""Item 12 (last sentence): the municipality profile (/indicadores/municipios/<ibge>/) shows
"Apoio técnico": the events its people attended (with the count of attendees from the
municipality, never a name), its appointments (counts for everyone; the rows with their
protocol numbers for its focal points and the slot unit's staff) and its technical visits
(the report's link for the state's agenda staff)."""

import datetime as dt

import pytest

from apoia.agenda.models import EventType, Modality, RegistrationStatus
from apoia.agenda.services import appointments
from apoia.agenda.tests.conftest import CUIABA, RONDONOPOLIS
from apoia.agenda.tests.factories import EventFactory, RegistrationFactory, SlotFactory, at

pytestmark = pytest.mark.django_db

QUESTION = "Como reorganizar o PAIF com a equipe reduzida do CRAS?"
SECTION = ">Apoio técnico</h2>"


def _profile(client, ibge):
    response = client.get(f"/indicadores/municipios/{ibge}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def attended(agenda_seeds, mt_morning):
    event = EventFactory(title="Encontro de gestão", start=at(dt.date(2026, 2, 10), 14))
    checked = at(dt.date(2026, 2, 10), 14, 5)
    RegistrationFactory(event=event, name="Ana Presente", checked_in_at=checked)
    RegistrationFactory(event=event, name="Bia Presente", checked_in_at=checked)
    RegistrationFactory(event=event, name="Caio Ausente")
    other = EventFactory(title="Oficina que ninguém de Cuiabá assistiu")
    RegistrationFactory(event=other, status=RegistrationStatus.WAITING)
    return event


@pytest.fixture
def booked(mt_morning, mt_technician, cuiaba_focal_point):
    slot = SlotFactory(technician=mt_technician)  # 10 March 2026, 09:00, mt-cpsb, PAIF
    return appointments.book(slot, by=cuiaba_focal_point, question=QUESTION, modality="online")


@pytest.fixture
def visit(agenda_seeds, mt_morning):
    event = EventFactory(
        title="Visita técnica a Rondonópolis",
        type=EventType.VISITA_TECNICA,
        modality=Modality.IN_PERSON,
        url="",
        place="Secretaria municipal",
        start=at(dt.date(2026, 2, 20), 8),
        end=at(dt.date(2026, 2, 20), 17),
    )
    event.audience_municipalities.add(RONDONOPOLIS)
    return event


def test_everyone_sees_the_events_attended_with_counts_and_no_names(client, attended, booked):
    html = _profile(client, CUIABA)

    assert SECTION in html
    section = html.split(SECTION, 1)[1]
    assert f'<a href="/agenda/eventos/{attended.pk}/">Encontro de gestão</a>' in section
    assert "10/02/2026" in section
    assert '<td data-label="Participantes do município">2</td>' in section
    assert "Ana Presente" not in html and "Caio Ausente" not in html
    assert "Oficina que ninguém de Cuiabá assistiu" not in html


def test_an_anonymous_visitor_sees_only_the_count_of_appointments(client, attended, booked):
    html = _profile(client, CUIABA)

    assert "<strong>1</strong> atendimento pedido" in html
    assert booked.request.protocol not in html
    assert QUESTION not in html


def test_the_focal_point_sees_the_appointment_with_its_protocol(
    client, sign_in, booked, cuiaba_focal_point
):
    html = _profile(sign_in(cuiaba_focal_point), CUIABA)

    assert booked.request.protocol in html
    assert "10/03/2026 09:00" in html
    assert booked.slot.theme.name in html.split("Atendimentos que você pode consultar")[-1]
    assert QUESTION not in html


def test_the_slot_units_staff_sees_the_protocol_and_another_focal_point_does_not(
    client, sign_in, booked, mt_technician, varzea_focal_point
):
    assert booked.request.protocol in _profile(sign_in(mt_technician), CUIABA)
    assert booked.request.protocol not in _profile(sign_in(varzea_focal_point), CUIABA)


def test_the_visit_is_listed_for_everyone_and_its_report_linked_for_the_staff(
    client, sign_in, visit, mt_technician
):
    public = _profile(client, RONDONOPOLIS)
    assert f'<a href="/agenda/eventos/{visit.pk}/">Visita técnica a Rondonópolis</a>' in public
    assert "20/02/2026" in public and "Realizada" in public
    report = f"/agenda/gestao/eventos/{visit.pk}/relatorio-visita/"
    assert report not in public

    staff = _profile(sign_in(mt_technician), RONDONOPOLIS)
    assert f'<a href="{report}">Registrar o relatório da visita</a>' in staff


def test_the_staff_of_another_state_gets_no_report_link(client, sign_in, visit, ms_technician):
    html = _profile(sign_in(ms_technician), RONDONOPOLIS)
    assert "relatorio-visita" not in html


def test_a_municipality_without_support_has_no_section(client, attended, booked, visit):
    varzea = 5108402
    assert SECTION not in _profile(client, varzea)
