"""Item 1: planned versus done per axis, strategy and month — the figures (one computation),
the page, the PDF and the XLSX that read them."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from apoia.agenda.models import EntryStatus
from apoia.agenda.queries_plan import execution
from apoia.agenda.tests.factories import EventFactory, at
from apoia.agenda.tests.plan_factories import PlanEntryFactory, SupportPlanFactory, axis, strategy

pytestmark = pytest.mark.django_db

URL = "/agenda/planos/mt/2026/execucao/"


@pytest.fixture
def plan(agenda_seeds, mt_morning):
    """Mon 2 Mar 2026. Gestão do SUAS: two encontros done (three events held), two oficinas
    (scheduled with a future event; planned). Serviços: an encontro cancelled, a visit done
    (one event held; a draft and a cancelled event do not count)."""
    plan = SupportPlanFactory(year=2026)
    gestao, servicos = axis("gestao-do-suas"), axis("servicos-socioassistenciais")
    meeting, workshop = strategy("encontros"), strategy("seminarios-oficinas")
    e1 = PlanEntryFactory(plan=plan, axis=gestao, strategy=meeting, months=[1], status="done")
    e2 = PlanEntryFactory(plan=plan, axis=gestao, strategy=meeting, months=[2], status="done")
    e3 = PlanEntryFactory(plan=plan, axis=gestao, strategy=workshop, months=[3], status="scheduled")
    PlanEntryFactory(plan=plan, axis=gestao, strategy=workshop, months=[4, 5])
    PlanEntryFactory(
        plan=plan, axis=servicos, strategy=meeting, months=[2], status=EntryStatus.CANCELLED
    )
    e6 = PlanEntryFactory(
        plan=plan, axis=servicos, strategy=strategy("visitas-tecnicas"), months=[], status="done"
    )
    EventFactory(plan_entry=e1, start=at(dt.date(2026, 1, 14), 14))
    EventFactory(plan_entry=e1, start=at(dt.date(2026, 1, 28), 14))
    EventFactory(plan_entry=e2, start=at(dt.date(2026, 2, 11), 14))
    EventFactory(plan_entry=e3, start=at(dt.date(2026, 3, 11), 14))  # not yet held
    EventFactory(plan_entry=e6, start=at(dt.date(2026, 2, 24), 8), type="visita_tecnica")
    EventFactory(plan_entry=e6, start=at(dt.date(2026, 2, 25), 8), status="draft")
    EventFactory(
        plan_entry=e6,
        start=at(dt.date(2026, 2, 26), 8),
        status="cancelled",
        published_at=at(dt.date(2026, 2, 1), 8),
        cancel_reason="Adiada.",
    )
    return plan


def _f(figures) -> tuple:
    d = figures.as_dict()
    keys = ("total", "planned", "scheduled", "done", "cancelled", "percent_done", "events_held")
    return tuple(d[k] for k in keys)


def test_the_totals_count_entries_by_status_and_the_events_held(plan):
    found = execution(plan)

    assert _f(found.total) == (6, 1, 1, 3, 1, 60.0, 4)


def test_the_figures_per_axis_and_strategy_inside_it(plan):
    found = execution(plan)

    assert [(row.label, _f(row.figures)) for row in found.axes] == [
        ("Gestão do SUAS", (4, 1, 1, 2, 0, 50.0, 3)),
        ("Serviços Socioassistenciais", (2, 0, 0, 1, 1, 100.0, 1)),
    ]
    assert [(row.label, _f(row.figures)) for row in found.axes[0].children] == [
        ("Encontros de apoio técnico", (2, 0, 0, 2, 0, 100.0, 3)),
        ("Seminários e oficinas", (2, 1, 1, 0, 0, 0.0, 0)),
    ]


def test_the_figures_per_strategy(plan):
    found = execution(plan)

    assert [(row.label, _f(row.figures)) for row in found.strategies] == [
        ("Encontros de apoio técnico", (3, 0, 0, 2, 1, 100.0, 3)),
        ("Seminários e oficinas", (2, 1, 1, 0, 0, 0.0, 0)),
        ("Visitas técnicas", (1, 0, 0, 1, 0, 100.0, 1)),
    ]


def test_the_figures_per_month_count_an_entry_in_each_of_its_months(plan):
    found = execution(plan)

    assert [(row.key, row.label, _f(row.figures)) for row in found.months] == [
        (1, "janeiro", (1, 0, 0, 1, 0, 100.0, 2)),
        (2, "fevereiro", (2, 0, 0, 1, 1, 100.0, 2)),
        (3, "março", (1, 0, 1, 0, 0, 0.0, 0)),
        (4, "abril", (1, 1, 0, 0, 0, 0.0, 0)),
        (5, "maio", (1, 1, 0, 0, 0, 0.0, 0)),
    ]


def test_a_plan_of_cancelled_entries_only_has_no_share_done(agenda_seeds):
    only = PlanEntryFactory(status=EntryStatus.CANCELLED)

    assert execution(only.plan).total.percent_done is None


def test_the_page_shows_the_figures_and_links_the_downloads(client, plan):
    text = client.get(URL).content.decode()

    assert "60,0%" in text and "50,0%" in text
    assert 'href="/agenda/planos/mt/2026/execucao.pdf"' in text
    assert 'href="/agenda/planos/mt/2026/execucao.xlsx"' in text
    assert 'data-label="Realizadas"' in text
    assert "fevereiro" in text


def test_the_plan_page_links_its_execution(client, plan):
    assert (
        'href="/agenda/planos/mt/2026/execucao/"'
        in client.get("/agenda/planos/mt/2026/").content.decode()
    )


def test_the_pdf_is_a_pdf_with_the_figures(client, plan):
    from django.utils import timezone

    from apoia.agenda.plan_pdf import execution_html

    answer = client.get("/agenda/planos/mt/2026/execucao.pdf")
    html = execution_html(execution(plan), generated_at=timezone.now())

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert "plano-apoio-tecnico-mt-2026-execucao.pdf" in answer["Content-Disposition"]
    assert "60,0%" in html and "Resolução CIB/SUAS/MT nº 01/2026" in html


def test_the_xlsx_has_the_figures_per_axis_strategy_and_month(client, plan):
    answer = client.get("/agenda/planos/mt/2026/execucao.xlsx")

    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Resumo", "Por eixo", "Por estratégia", "Por mês", "Ações"]
    rows = [list(r) for r in book["Por eixo"].iter_rows(values_only=True)]
    assert rows[0] == [
        "Eixo",
        "Estratégia",
        "Ações",
        "Planejadas",
        "Agendadas",
        "Realizadas",
        "Canceladas",
        "Realizado (%)",
        "Eventos realizados",
    ]
    assert rows[1] == ["Gestão do SUAS", "Todas", 4, 1, 1, 2, 0, 50, 3]
    assert rows[2] == ["Gestão do SUAS", "Encontros de apoio técnico", 2, 0, 0, 2, 0, 100, 3]
    months = [list(r) for r in book["Por mês"].iter_rows(min_row=2, values_only=True)]
    assert months[1] == ["fevereiro", 2, 0, 0, 1, 1, 100, 2]
    summary = {r[0]: r[1] for r in book["Resumo"].iter_rows(values_only=True)}
    assert summary["Ato de aprovação"] == "Resolução CIB/SUAS/MT nº 01/2026"
    assert summary["Realizado (%)"] == 60
    assert summary["Data do ato"] == dt.datetime(2026, 2, 20)
