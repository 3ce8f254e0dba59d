"""The reference data of the agenda: art. 4º/6º strategies and the art. 7º table of 2022."""

import pytest

from apoia.agenda.models import EntryStatus, Modality, PlanEntry, Strategy, SupportPlan
from apoia.agenda.reference import load_agenda_reference

pytestmark = pytest.mark.django_db


def test_load_reference_creates_the_2022_mt_plan_with_its_act(agenda_seeds):
    plan = SupportPlan.objects.get(state__uf="MT", year=2022)
    assert plan.act == "Resolução CIB/SUAS/MT nº 02/2022"
    assert plan.act_date.isoformat() == "2022-03-18"


def test_the_plan_has_the_twenty_rows_of_article_7_in_order(agenda_seeds):
    entries = list(PlanEntry.objects.filter(plan__year=2022).order_by("order"))
    assert len(entries) == 20
    assert entries[0].title == "Visitas Técnicas"
    assert entries[0].axis.name == "SAAS"
    assert entries[0].modality == Modality.IN_PERSON
    assert entries[-1].title == "Seminário do Programa de Erradicação do Trabalho Infantil - PETI"
    assert entries[-1].axis.name == "Benefícios, Programas e Projetos Socioassistenciais"
    assert [e.modality for e in entries].count(Modality.ONLINE) == 16
    assert {e.status for e in entries} == {EntryStatus.PLANNED}


def test_each_row_has_its_axis_strategy_and_unit(agenda_seeds):
    live = PlanEntry.objects.get(title__startswith="Live: Averiguação")
    assert live.strategy.slug == "videoconferencias-lives"
    assert live.axis.slug == "beneficios-programas-projetos"
    assert live.unit.slug == "mt-ccadunico"
    assert PlanEntry.objects.filter(unit__isnull=True).count() == 0


def test_strategies_of_articles_4_and_6_are_reference_data(agenda_seeds):
    assert Strategy.objects.count() == 12
    assert Strategy.objects.get(slug="visitas-tecnicas").legal_basis.startswith("Art. 4º, I, e")
    assert Strategy.objects.get(slug="outros-eventos").legal_basis == "Art. 6º, VI"


def test_reloading_keeps_what_the_staff_changed(agenda_seeds):
    entry = PlanEntry.objects.get(order=2, plan__year=2022)
    entry.status = EntryStatus.SCHEDULED
    entry.months = [5]
    entry.save()
    load_agenda_reference()
    entry.refresh_from_db()
    assert (entry.status, entry.months) == (EntryStatus.SCHEDULED, [5])
    assert PlanEntry.objects.filter(plan__year=2022).count() == 20


def test_the_neep_of_mato_grosso_is_a_reference_unit(agenda_seeds):
    from apoia.accounts.models import OrgUnit

    neep = OrgUnit.objects.get(slug="mt-neep")
    assert neep.acronym == "NEEP/SUAS/MT"
    assert neep.state.uf == "MT"
