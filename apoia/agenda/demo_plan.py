"""Demo data of the agenda: the plans of Mato Grosso, through the same services as the pages.

- The 2022 MT plan (reference data, `load_reference`) gets months and the statuses of a year
  gone by: most entries done, two cancelled with their reasons, one still scheduled. Only while
  every entry is still planned (the staff's changes are kept).
- MT's plan of the current year ("Resolução CIB/SUAS/MT nº 01/<year>", February), its entries
  copied from the 2022 ones, months spread over the year and statuses as of today: entries
  whose months are past are done, this month's scheduled, later ones planned; the individual
  support of the PSE team was cancelled (the one-to-one slots replace it). The events demo,
  loaded next, links its MT events to these entries by strategy (their publication schedules
  the planned ones).

Idempotent: an existing current-year plan is left alone."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import User
from apoia.agenda.models import EntryStatus, SupportPlan
from apoia.agenda.services import plan as services
from apoia.territory.models import State

STAFF = "tecnico-mt@apoia.demo"
ACT_URL = "https://iomat.mt.gov.br/legislacao/diario_oficial/consultar"

# The 2022 plan, by entry order: months and the outcome of the year.
PAST_MONTHS = {
    1: [4, 6, 8, 10],  # Visitas Técnicas
    2: [5],
    3: [6],
    4: [4],
    5: [7],
    6: [8],
    7: [4, 5, 6, 7, 8, 9, 10, 11],  # Apoio Técnico Virtual CREAS e Centro POP
    8: [9],
    9: [5, 6, 7, 8, 9, 10],  # Apoio Técnico Virtual PSE na gestão
    10: [10],
    11: [10],
    12: [9],
    13: [5],
    14: [6],
    15: [7],
    16: [8],
    17: [9],
    18: [11],
    19: [11],
    20: [12],
}
PAST_CANCELLED = {
    10: "O Serviço de Proteção em Situações de Calamidades Públicas passou ao encontro "
    "regional com a Defesa Civil, adiado para 2023.",
    20: "Seminário do PETI transferido para 2023 por falta de dotação orçamentária no exercício.",
}
PAST_SCHEDULED = 19  # the last web encontro of Criança Feliz, moved to the next year's start

# The current plan: the individual support of the PSE team is cancelled.
CURRENT_CANCELLED = (
    "Apoio Técnico Virtual aos municípios com equipe da PSE na gestão",
    "Substituído pelos horários de apoio técnico individualizado publicados na agenda, "
    "que os municípios agendam pelo formulário.",
)
# Recurring entries of the current plan (by title start): their months.
RECURRING = {
    "Visitas Técnicas": [3, 5, 8, 10],
    "Apoio Técnico Virtual aos Municípios com CREAS": [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    "Apoio Técnico Virtual aos municípios com equipe da PSE": [3, 4, 5, 6, 7, 8, 9, 10],
}


def _staff():
    return (
        User.objects.filter(email=STAFF).first()
        or User.objects.filter(email="admin@apoia.demo").first()
    )


def _past_year(plan, by) -> bool:
    entries = list(plan.entries.order_by("order", "pk"))
    if not entries or any(e.status != EntryStatus.PLANNED for e in entries):
        return False
    for entry in entries:
        services.update_entry(entry, by=by, months=PAST_MONTHS.get(entry.order, [6]))
        if entry.order in PAST_CANCELLED:
            services.set_entry_status(
                entry, EntryStatus.CANCELLED, by=by, reason=PAST_CANCELLED[entry.order]
            )
        elif entry.order == PAST_SCHEDULED:
            services.set_entry_status(entry, EntryStatus.SCHEDULED, by=by)
        else:
            services.set_entry_status(entry, EntryStatus.DONE, by=by)
    return True


def spread_months(index: int, count: int) -> list[int]:
    """One month for the index-th of `count` entries, spread from January to December."""
    return [1 + (index * 12) // max(count, 1)]


def status_today(months: list[int], today: dt.date) -> str:
    if not months:
        return EntryStatus.PLANNED
    if max(months) < today.month:
        return EntryStatus.DONE
    if min(months) <= today.month:
        return EntryStatus.SCHEDULED
    return EntryStatus.PLANNED


def _current_year(state, source, today, by) -> SupportPlan | None:
    if SupportPlan.objects.filter(state=state, year=today.year).exists():
        return None
    year = today.year
    plan = services.create_plan(
        by=by,
        state=state,
        year=year,
        act=f"Resolução CIB/SUAS/MT nº 01/{year}",
        act_date=dt.date(year, 2, 20),
        act_url=ACT_URL,
        summary=(
            "Pactua o Plano de Apoio Técnico aos municípios no âmbito do Sistema Único de "
            f"Assistência Social do Estado de Mato Grosso para o ano de {year}, com as "
            f"estratégias do plano de {source.year} e o calendário das ações."
        ),
    )
    entries = list(source.entries.select_related("axis", "strategy", "unit").order_by("order"))
    for index, old in enumerate(entries):
        months = next(
            (m for start, m in RECURRING.items() if old.title.startswith(start)),
            spread_months(index, len(entries)),
        )
        entry = services.add_entry(
            plan,
            by=by,
            axis=old.axis,
            strategy=old.strategy,
            modality=old.modality,
            title=old.title,
            unit=old.unit,
            months=months,
            audience=old.audience,
            order=old.order,
        )
        if old.title == CURRENT_CANCELLED[0]:
            services.set_entry_status(
                entry, EntryStatus.CANCELLED, by=by, reason=CURRENT_CANCELLED[1]
            )
        elif (status := status_today(months, today)) != EntryStatus.PLANNED:
            services.set_entry_status(entry, status, by=by)
    return plan


@transaction.atomic
def load() -> str:
    mt = State.objects.filter(uf="MT").first()
    source = SupportPlan.objects.filter(state=mt, year=2022).first() if mt else None
    by = _staff()
    if source is None or by is None:
        return ""
    today = timezone.localdate()
    past = _past_year(source, by)
    current = _current_year(mt, source, today, by) if today.year != source.year else None
    if not past and current is None:
        return ""
    parts = []
    if past:
        parts.append(f"plano MT {source.year} com meses e situações")
    if current is not None:
        parts.append(f"plano MT {current.year} com {current.entries.count()} ações")
    return "agenda: " + "; ".join(parts)
