"""Item 11 for the reach: after the agenda's demo, the dashboard and the profile show real use
(tecnico-mt@ sees MT's figures with ratings; Cuiabá's profile lists what it attended)."""

import datetime as dt

import pytest
import time_machine

from apoia.agenda.tests.conftest import CUIABA, CUIABA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(agenda_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.accounts.demo import load_demo_accounts
    from apoia.agenda import (
        demo_appointments,
        demo_consultations,
        demo_events,
        demo_plan,
        demo_registrations,
        demo_visits,
    )
    from apoia.indicators.reference import load_indicators
    from apoia.programs.demo import ensure_program

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=CUIABA_TZ), tick=False):
        load_indicators()
        ensure_program()
        load_demo_accounts()
        for module in (
            demo_plan,
            demo_events,
            demo_consultations,
            demo_registrations,
            demo_appointments,
            demo_visits,
        ):
            module.load()
        yield


def test_the_demo_dashboard_and_profile_show_real_use(client, sign_in, demo):
    from apoia.accounts.models import User

    public = client.get(f"/indicadores/municipios/{CUIABA}/").content.decode()
    assert ">Apoio técnico</h2>" in public
    assert "Participantes do município" in public

    sign_in(User.objects.get(email="tecnico-mt@apoia.demo"))
    page = client.get("/agenda/gestao/alcance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mato Grosso, 2026" in html
    assert "Média geral:" in html
    assert f'data-ibge="{CUIABA}" data-reached="1"' in html
    assert client.get("/api/v1/agenda/reach").status_code == 401
