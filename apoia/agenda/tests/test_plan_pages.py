"""Item 1 and 12: the plan's pages — public list and plan page (entries by axis, the events of
each entry), and the staff's pages to create and edit a plan, its entries and axes and to
change an entry's status (404 to other states' staff and to focal points)."""

import datetime as dt

import pytest

from apoia.agenda.models import Axis, EntryStatus, PlanEntry, SupportPlan
from apoia.agenda.tests.factories import EventFactory, at
from apoia.agenda.tests.plan_factories import PlanEntryFactory, SupportPlanFactory, axis, strategy
from apoia.territory.models import State

pytestmark = pytest.mark.django_db

MT_2022 = "/agenda/planos/mt/2022/"


def _mt_pk():
    return State.objects.get(uf="MT").pk


def test_the_plans_list_is_public_and_filters_by_state(client, agenda_seeds):
    SupportPlanFactory(year=2026)

    text = client.get("/agenda/planos/").content.decode()
    ms = client.get("/agenda/planos/", {"uf": "ms"}).content.decode()

    assert "Resolução CIB/SUAS/MT nº 02/2022" in text
    assert text.index("Resolução CIB/SUAS/MT nº 01/2026") < text.index(
        "Resolução CIB/SUAS/MT nº 02/2022"
    )
    assert 'href="/agenda/planos/mt/2022/"' in text
    assert 'href="/agenda/planos/mt/2022/execucao/"' in text
    assert "Novo plano" not in text
    assert "Nenhum plano deste estado ainda." in ms


def test_the_plan_page_shows_the_act_and_the_entries_by_axis(client, agenda_seeds):
    entry = PlanEntry.objects.get(plan__year=2022, order=2)
    entry.months = [3, 5]
    entry.save()
    cancelled = PlanEntry.objects.get(plan__year=2022, order=20)
    cancelled.status, cancelled.cancel_reason = EntryStatus.CANCELLED, "Sem dotação."
    cancelled.save()

    text = client.get(MT_2022).content.decode()

    assert "Resolução CIB/SUAS/MT nº 02/2022" in text and "18/03/2022" in text
    assert 'href="https://iomat.mt.gov.br/legislacao/diario_oficial/consultar"' in text
    assert text.index('<h2 id="axis-') < text.index("Oficina Estadual de Monitoramento")
    assert text.index(">Gestão do SUAS</h2>") < text.index(">Serviços Socioassistenciais</h2>")
    assert "março, maio" in text
    assert "Motivo: Sem dotação." in text
    assert 'data-label="Unidade responsável"' in text
    assert 'href="/agenda/planos/mt/2022/execucao/"' in text
    assert "Mudar situação" not in text


def test_an_unknown_plan_answers_404(client, agenda_seeds):
    assert client.get("/agenda/planos/mt/1999/").status_code == 404
    assert client.get("/agenda/planos/xx/2022/").status_code == 404
    assert client.get("/agenda/planos/mt/1999/execucao/").status_code == 404


def test_the_public_sees_the_public_events_of_an_entry_and_staff_all(
    client, sign_in, agenda_seeds, mt_technician
):
    entry = PlanEntry.objects.get(plan__year=2022, order=1)
    EventFactory(
        title="Visita técnica a Cuiabá", plan_entry=entry, start=at(dt.date(2022, 5, 4), 8)
    )
    EventFactory(title="Visita em rascunho", plan_entry=entry, status="draft")

    public = client.get(MT_2022).content.decode()
    staff = sign_in(mt_technician).get(MT_2022).content.decode()

    assert "Visita técnica a Cuiabá" in public and "04/05/2022" in public
    assert "Visita em rascunho" not in public
    assert "Visita em rascunho" in staff and "Rascunho" in staff
    assert "Mudar situação" in staff


def test_a_plan_without_entries_says_so(client, agenda_seeds):
    SupportPlanFactory(year=2026)

    text = client.get("/agenda/planos/mt/2026/").content.decode()

    assert "Este plano ainda não tem ações." in text


def test_staff_create_a_plan(client, sign_in, mt_technician):
    sign_in(mt_technician)
    assert client.get("/agenda/planos/novo/").status_code == 200

    answer = client.post(
        "/agenda/planos/novo/",
        {
            "state": _mt_pk(),
            "year": "2026",
            "act": "Resolução CIB/SUAS/MT nº 01/2026",
            "act_date": "20/02/2026",
            "act_url": "https://iomat.mt.gov.br/resolucao-01-2026",
            "summary": "Pactua o plano de 2026.",
        },
    )

    assert answer.status_code == 302 and answer["Location"] == "/agenda/planos/mt/2026/"
    plan = SupportPlan.objects.get(state__uf="MT", year=2026)
    assert (plan.act_date, plan.summary) == (dt.date(2026, 2, 20), "Pactua o plano de 2026.")


def test_a_second_plan_for_a_year_shows_a_clear_message(client, sign_in, mt_technician):
    sign_in(mt_technician)

    answer = client.post(
        "/agenda/planos/novo/", {"state": _mt_pk(), "year": "2022", "act": "Outra resolução"}
    )

    assert answer.status_code == 200
    assert "Mato Grosso já tem um plano de apoio técnico para 2022." in answer.content.decode()


def test_staff_edit_the_plans_act(client, sign_in, mt_technician):
    sign_in(mt_technician)

    answer = client.post(
        "/agenda/planos/mt/2022/editar/",
        {"act": "Resolução CIB/SUAS/MT nº 02/2022 (retificada)", "act_date": "2022-03-18"},
    )

    assert answer.status_code == 302
    plan = SupportPlan.objects.get(state__uf="MT", year=2022)
    assert plan.act == "Resolução CIB/SUAS/MT nº 02/2022 (retificada)"
    assert plan.title.startswith("Plano de Apoio Técnico aos municípios — Mato Grosso, 2022")


def test_staff_add_an_entry_with_its_months(client, sign_in, mt_technician):
    from apoia.accounts.models import OrgUnit

    plan = SupportPlanFactory(year=2026)
    sign_in(mt_technician)
    assert client.get("/agenda/planos/mt/2026/acoes/nova/").status_code == 200

    answer = client.post(
        "/agenda/planos/mt/2026/acoes/nova/",
        {
            "axis": axis("servicos-socioassistenciais").pk,
            "strategy": strategy("seminarios-oficinas").pk,
            "modality": "in_person",
            "title": "Oficina de reordenamento do SCFV",
            "unit": OrgUnit.objects.get(slug="mt-cpsb").pk,
            "months": ["5", "3"],
            "audience": "Técnicos dos CRAS",
        },
    )

    assert answer.status_code == 302
    entry = plan.entries.get()
    assert (entry.title, entry.months, entry.modality) == (
        "Oficina de reordenamento do SCFV",
        [3, 5],
        "in_person",
    )


def test_staff_edit_an_entry(client, sign_in, mt_technician):
    entry = PlanEntryFactory()
    sign_in(mt_technician)
    url = f"/agenda/planos/mt/2026/acoes/{entry.pk}/editar/"
    assert client.get(url).status_code == 200

    answer = client.post(
        url,
        {
            "axis": entry.axis_id,
            "strategy": entry.strategy_id,
            "modality": "hybrid",
            "title": "Web Encontro renomeado",
            "months": ["11"],
            "order": "7",
        },
    )

    assert answer.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.months, entry.order, entry.unit) == (
        "Web Encontro renomeado",
        [11],
        7,
        None,
    )


def test_cancelling_an_entry_on_its_page_needs_a_reason(client, sign_in, mt_technician):
    entry = PlanEntryFactory()
    sign_in(mt_technician)
    url = f"/agenda/planos/mt/2026/acoes/{entry.pk}/situacao/"
    assert client.get(url).status_code == 200

    refused = client.post(url, {"status": "cancelled", "reason": ""})
    done = client.post(url, {"status": "cancelled", "reason": "Sem orçamento no exercício."})

    assert "Informe o motivo do cancelamento." in refused.content.decode()
    assert done.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.cancel_reason) == ("cancelled", "Sem orçamento no exercício.")


def test_staff_create_an_axis_for_their_state(client, sign_in, mt_technician):
    sign_in(mt_technician)
    assert client.get("/agenda/planos/eixos/novo/?uf=mt").status_code == 200

    answer = client.post(
        "/agenda/planos/eixos/novo/?uf=mt&next=/agenda/planos/mt/2022/acoes/nova/",
        {"state": _mt_pk(), "name": "Vigilância Socioassistencial"},
    )

    assert answer["Location"] == "/agenda/planos/mt/2022/acoes/nova/"
    assert Axis.objects.filter(state__uf="MT", slug="vigilancia-socioassistencial").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/planos/mt/2022/editar/",
        "/agenda/planos/mt/2022/acoes/nova/",
        "/agenda/planos/mt/2022/acoes/{pk}/editar/",
        "/agenda/planos/mt/2022/acoes/{pk}/situacao/",
    ],
)
def test_staff_of_another_state_get_404(client, sign_in, ms_technician, url):
    entry = PlanEntry.objects.get(plan__year=2022, order=1)
    sign_in(ms_technician)

    assert client.get(url.format(pk=entry.pk)).status_code == 404
    assert client.post(url.format(pk=entry.pk), {"status": "done"}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/planos/novo/",
        "/agenda/planos/eixos/novo/",
        "/agenda/planos/mt/2022/editar/",
        "/agenda/planos/mt/2022/acoes/{pk}/situacao/",
    ],
)
def test_focal_points_get_404(client, sign_in, cuiaba_focal_point, url):
    entry = PlanEntry.objects.get(plan__year=2022, order=1)
    sign_in(cuiaba_focal_point)

    assert client.get(url.format(pk=entry.pk)).status_code == 404


def test_another_states_staff_cannot_create_mt_plans(client, sign_in, ms_technician):
    sign_in(ms_technician)

    answer = client.post(
        "/agenda/planos/novo/", {"state": _mt_pk(), "year": "2027", "act": "Resolução"}
    )

    assert answer.status_code == 200
    assert not SupportPlan.objects.filter(year=2027).exists()


def test_an_entry_of_another_plan_answers_404(client, sign_in, mt_technician):
    other = PlanEntryFactory()
    sign_in(mt_technician)

    assert client.get(f"/agenda/planos/mt/2022/acoes/{other.pk}/situacao/").status_code == 404


def test_the_state_filter_takes_the_uf_in_any_case(client, agenda_seeds):
    text = client.get("/agenda/planos/", {"uf": "MT"}).content.decode()

    assert "Resolução CIB/SUAS/MT nº 02/2022" in text
    assert '<option value="mt" selected>' in text
