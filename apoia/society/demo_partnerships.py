"""Demo data of the partnerships area: three partnerships at different stages (a public
call; one in execution with a report due soon and one late; one in final accountability with
a report approved with reservations). Idempotent: keyed on the partnership's title."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apoia.accounts.demo_organizations import demo_organization
from apoia.accounts.reference import ensure_unit
from apoia.society.models.partnerships import (
    AccountabilityReport,
    Opinion,
    Partnership,
    PartnershipStatus,
    ReportKind,
    SelectionMode,
    TermKind,
    WorkPlanGoal,
)


def _partnership(title, **fields):
    p, _ = Partnership.objects.update_or_create(title=title, defaults=fields)
    return p


def load() -> list[str]:
    today = timezone.localdate()
    d = lambda days: today + dt.timedelta(days=days)  # noqa: E731
    ms = ensure_unit("ms-sec-spp-comunitarios")
    mt = ensure_unit("mt-cpsb")
    _partnership(
        "Hortas comunitárias nos bairros de Campo Grande",
        unit=ms,
        object="Implantar e manter hortas comunitárias com formação de moradores.",
        selection_mode=SelectionMode.PUBLIC_CALL,
        term_kind=TermKind.FOMENTO,
        call_number="01/2026",
        call_published_on=d(-10),
        proposals_until=d(20),
        status=PartnershipStatus.CALL,
    )
    running = _partnership(
        "Oficinas de geração de renda em Dourados",
        unit=ms,
        object="Oficinas de costura e culinária para pessoas em situação de vulnerabilidade.",
        selection_mode=SelectionMode.PUBLIC_CALL,
        term_kind=TermKind.COLABORACAO,
        call_number="07/2025",
        call_published_on=d(-200),
        proposals_until=d(-170),
        result_published_on=d(-150),
        organization=demo_organization("apae-dourados"),
        term_number="TC 12/2025",
        signed_on=d(-140),
        value=Decimal("180000.00"),
        starts_on=d(-130),
        ends_on=d(235),
        status=PartnershipStatus.IN_EXECUTION,
    )
    WorkPlanGoal.objects.update_or_create(
        partnership=running, order=1, defaults={"description": "Formar 120 pessoas"}
    )
    AccountabilityReport.objects.update_or_create(
        partnership=running,
        period_label="1º trimestre",
        kind=ReportKind.EXECUTION,
        defaults={"due_on": d(-5), "received_on": None},
    )
    AccountabilityReport.objects.update_or_create(
        partnership=running,
        period_label="2º trimestre",
        kind=ReportKind.FINANCIAL,
        defaults={"due_on": d(10), "received_on": None},
    )
    closing = _partnership(
        "Apoio à coleta seletiva em Cuiabá",
        unit=mt,
        object="Apoio a cooperativas de catadores.",
        selection_mode=SelectionMode.EXEMPTION,
        exemption_justification="Continuidade de atividade de relevante interesse público.",
        term_kind=TermKind.FOMENTO,
        organization=demo_organization("instituto-cuiaba"),
        result_published_on=d(-420),
        term_number="TF 3/2025",
        signed_on=d(-400),
        value=Decimal("95000.00"),
        starts_on=d(-390),
        ends_on=d(-25),
        status=PartnershipStatus.ACCOUNTABILITY,
    )
    WorkPlanGoal.objects.update_or_create(
        partnership=closing, order=1, defaults={"description": "Equipar 3 cooperativas"}
    )
    AccountabilityReport.objects.update_or_create(
        partnership=closing,
        period_label="Final",
        kind=ReportKind.FINANCIAL,
        defaults={
            "due_on": d(-10),
            "received_on": d(-12),
            "is_final": True,
            "opinion": Opinion.APPROVED_WITH_RESERVATIONS,
            "opinion_text": "Duas despesas sem comprovante fiscal; valores devolvidos.",
            "opinion_on": d(-3),
        },
    )
    return [f"Parcerias MROSC: {Partnership.objects.count()} (ex.: /parcerias/{running.pk}/)"]
