import pytest

from apoia.accounts.models import Membership, User
from apoia.territory.models import NonBusinessDay
from apoia.territory.services import non_business_day_added

pytestmark = pytest.mark.usefixtures("ms_mt")


@pytest.fixture
def admin_client(client):
    user = User.objects.create_user(
        email="alice@estado.gov.br", password="senha-forte-1", full_name="Alice Admin"
    )
    Membership.objects.create(user=user, role="admin")
    client.force_login(user)
    return client


@pytest.fixture
def municipal_client(client):
    user = User.objects.create_user(
        email="bob@prefeitura.gov.br", password="senha-forte-1", full_name="Bob Municipal"
    )
    Membership.objects.create(user=user, role="municipal", municipality_id=5002704)
    client.force_login(user)
    return client


def test_calendar_page_shows_the_year_holidays_and_the_optional_days(admin_client):
    response = admin_client.get("/territorio/calendario/", {"uf": "MS", "year": 2027})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Criação do Estado" in page
    assert "Sexta-feira Santa" in page
    assert "Adotar 08/02" in page  # Carnaval is offered for adoption


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/territorio/calendario/")

    assert response.status_code == 302
    assert response["Location"].startswith("/contas/entrar/")


def test_only_admins_open_the_calendar_page(municipal_client):
    assert municipal_client.get("/territorio/calendario/").status_code == 403


def test_adopting_carnaval_with_one_click_creates_a_state_closure_day(admin_client):
    response = admin_client.post("/territorio/calendario/MS/adotar/", {"date": "2027-02-09"})

    assert response.status_code == 302
    day = NonBusinessDay.objects.get()
    assert (day.date.isoformat(), day.kind, day.state_id, day.name) == (
        "2027-02-09",
        "closure",
        50,
        "Carnaval",
    )
    page = admin_client.get("/territorio/calendario/", {"uf": "MS", "year": 2027}).content
    assert "adotado" in page.decode()


def test_adopting_a_day_that_is_not_offered_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        "/territorio/calendario/MS/adotar/", {"date": "2027-02-11"}, follow=True
    )

    assert NonBusinessDay.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "11/02/2027 não é um ponto facultativo sugerido."
    ]


def test_registering_a_municipal_holiday_requires_a_municipality(admin_client):
    response = admin_client.post(
        "/territorio/calendario/MS/dias/",
        {"date": "2027-08-26", "name": "Aniversário", "kind": "municipal_holiday"},
    )

    assert response.status_code == 400
    assert "Feriado municipal exige um município." in response.content.decode()
    assert NonBusinessDay.objects.count() == 0


def test_registering_a_municipal_holiday_notifies_apps_holding_due_dates(
    admin_client, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, day, **kwargs):
        received.append(day.name)

    non_business_day_added.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/territorio/calendario/MS/dias/",
                {
                    "date": "2027-08-26",
                    "name": "Aniversário de Campo Grande",
                    "kind": "municipal_holiday",
                    "municipality": 5002704,
                    "legal_basis": "Lei Orgânica do Município",
                },
            )
    finally:
        non_business_day_added.disconnect(listener)

    assert response.status_code == 302
    assert received == ["Aniversário de Campo Grande"]
    assert NonBusinessDay.objects.get().municipality_id == 5002704


def test_duplicate_day_for_the_same_place_is_refused(admin_client):
    data = {"date": "2027-02-09", "name": "Carnaval", "kind": "closure"}
    admin_client.post("/territorio/calendario/MS/dias/", data)

    response = admin_client.post("/territorio/calendario/MS/dias/", data)

    assert response.status_code == 400
    assert "Já existe um dia não útil" in response.content.decode()
    assert NonBusinessDay.objects.count() == 1


def test_deadline_simulator_on_the_calendar_page(admin_client):
    response = admin_client.get(
        "/territorio/calendario/",
        {
            "uf": "MS",
            "year": 2026,
            "received": "2026-11-19T15:30",
            "amount": 10,
            "unit": "business_days",
        },
    )

    assert response.context["simulation"].due.isoformat() == "2026-12-04"
