"""Factories of the plan's rows (tests of the plan only). They need `agenda_seeds`: plans are
Mato Grosso's, entries in its "Gestão do SUAS" axis, run by mt-cpsb."""

import datetime as dt

import factory

from apoia.accounts.models import OrgUnit
from apoia.agenda.models import Axis, EntryStatus, Modality, PlanEntry, Strategy, SupportPlan
from apoia.territory.models import State


def axis(slug: str = "gestao-do-suas") -> Axis:
    return Axis.objects.get(state__uf="MT", slug=slug)


def strategy(slug: str = "encontros") -> Strategy:
    return Strategy.objects.get(slug=slug)


class SupportPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPlan
        django_get_or_create = ("state", "year")

    state = factory.LazyFunction(lambda: State.objects.get(uf="MT"))
    year = 2026
    title = factory.LazyAttribute(lambda o: f"Plano de Apoio Técnico — Mato Grosso, {o.year}")
    act = factory.LazyAttribute(lambda o: f"Resolução CIB/SUAS/MT nº 01/{o.year}")
    act_date = factory.LazyAttribute(lambda o: dt.date(o.year, 2, 20))
    act_url = "https://iomat.mt.gov.br/portal/visualizacoes/pdf/2026-02-20"


class PlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanEntry

    plan = factory.SubFactory(SupportPlanFactory)
    axis = factory.LazyFunction(axis)
    strategy = factory.LazyFunction(strategy)
    modality = Modality.ONLINE
    title = factory.Sequence(lambda n: f"Web Encontro do plano {n}")
    unit = factory.LazyFunction(lambda: OrgUnit.objects.get(slug="mt-cpsb"))
    months = factory.LazyFunction(lambda: [3])
    audience = "Gestores e técnicos do SUAS municipal"
    status = EntryStatus.PLANNED
    cancel_reason = factory.LazyAttribute(
        lambda o: "Sem orçamento." if o.status == EntryStatus.CANCELLED else ""
    )
    order = factory.Sequence(lambda n: n + 1)
