"""Demo strategic projects (issue 10, item 9): two projects of the Secretaria de Estado de
Educação (SED), "Escola em Tempo Integral 2026" and "Conectividade nas escolas", each with
goals met, in progress and late, and deliveries in every status with evidence files.

Dates count from the day the demo is loaded: each plan was approved 30 business days ago (the
state's calendar), so some deliveries are past due (validated, late, returned) and others
still to come. The work goes through the delivery services (the responsible unit's people
send and submit, SED's technician reviews), so the demo obeys the same rules as the pages.
One goal of "Conectividade nas escolas" belongs to ms-sec-spp-comunitarios: the demo's
technician and coordinator (Teresa and Carlos) see that project and may send its evidence.
Nothing happens when the projects already exist.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apoia.accounts.models import OrgUnit, OrgUnitKind, Role, User
from apoia.accounts.services import ensure_membership
from apoia.indicators.models import Indicator
from apoia.programs.demo_deliveries import tiny_pdf, tiny_png
from apoia.programs.models import (
    Action,
    ActionDelivery,
    DeliveryStatus,
    Phase,
    PhaseStatus,
    Plan,
    PlanDelivery,
    Program,
    ProgramKind,
)
from apoia.programs.services import deliveries as delivery_services
from apoia.programs.services import projects as project_services
from apoia.territory.calendar import BusinessCalendar
from apoia.territory.models import State

DOMAIN = "sed.demo.apoia"
APPROVED_AGO = 30  # business days
SED = ("ms-sed", "Secretaria de Estado de Educação", "SED", OrgUnitKind.SECRETARIAT)
UNITS = [
    ("ms-sed-sutec", "Superintendência de Tecnologia Educacional", "SUTEC"),
    ("ms-sed-coeti", "Coordenadoria de Educação em Tempo Integral", "COETI"),
]
PEOPLE = [
    # (email, name, unit slug): SED's technician reviews; the others send the evidence.
    (f"sandra.sa@{DOMAIN}", "Sandra Sá", "ms-sed"),
    (f"paulo.prado@{DOMAIN}", "Paulo Prado", "ms-sed-sutec"),
    (f"luiza.lopes@{DOMAIN}", "Luíza Lopes", "ms-sed-coeti"),
]
# Each delivery: (title, weight, offset in business days from approval, evidence, scenario).
# Scenarios: validated, submitted, returned, late (pending, past due), pending (still to come).
PROJECTS = [
    {
        "slug": "escola-em-tempo-integral-2026",
        "name": "Escola em Tempo Integral 2026",
        "goal": "Ampliar a jornada escolar na rede estadual, com currículo integrado.",
        "goals": [
            {
                "title": "Ampliar para 120 as escolas em tempo integral",
                "unit": "ms-sed-coeti",
                "target": "120",
                "target_unit": "escolas",
                "deadline": 200,
                "deliveries": [
                    ("Portaria de adesão das escolas", "2", 10, ["document"], "validated"),
                    ("Plano pedagógico das escolas", "3", 34, ["document"], "submitted"),
                    ("Relatório de matrículas", "1", 45, ["document"], "pending"),
                ],
            },
            {
                "title": "Formar 600 professores para o tempo integral",
                "unit": "ms-sed-coeti",
                "target": "600",
                "target_unit": "professores",
                "deadline": -10,
                "deliveries": [
                    ("Turmas de formação concluídas", "2", 15, ["attendance_list"], "returned"),
                    ("Relatório final da formação", "1", 20, ["document"], "late"),
                ],
            },
            {
                "title": "Publicar as diretrizes do tempo integral",
                "unit": "ms-sed-coeti",
                "target": "1",
                "target_unit": "documento",
                "deadline": 60,
                "deliveries": [
                    ("Diretrizes publicadas", "1", 12, ["document", "link"], "validated"),
                ],
            },
            {
                "title": "Elevar a expectativa de anos de estudo para 10 anos",
                "unit": "ms-sed-coeti",
                "target": "10",
                "target_unit": "anos",
                "deadline": 300,
                "indicator": "e_anosestudo",
                "deliveries": [
                    ("Plano de busca ativa escolar", "1", 18, ["document"], "validated"),
                ],
            },
        ],
    },
    {
        "slug": "conectividade-nas-escolas",
        "name": "Conectividade nas escolas",
        "goal": "Internet de alta velocidade e laboratórios em todas as escolas estaduais.",
        "goals": [
            {
                "title": "Conectar 300 escolas à internet de alta velocidade",
                "unit": "ms-sed-sutec",
                "target": "300",
                "target_unit": "escolas",
                "deadline": 120,
                "deliveries": [
                    ("Contrato com a operadora", "1", 8, ["document"], "validated"),
                    ("Escolas conectadas — 1º lote", "3", 36, ["photo", "document"], "submitted"),
                    ("Escolas conectadas — 2º lote", "3", 50, ["photo", "document"], "pending"),
                ],
            },
            {
                "title": "Equipar 150 laboratórios de informática",
                "unit": "ms-sed-sutec",
                "target": "150",
                "target_unit": "laboratórios",
                "deadline": -5,
                "deliveries": [
                    ("Termo de recebimento dos equipamentos", "2", 20, ["document"], "late"),
                    ("Laboratórios instalados", "2", 28, ["photo"], "returned"),
                ],
            },
            {
                "title": "Oficinas com os conselhos escolares sobre o uso da rede",
                "unit": "ms-sec-spp-comunitarios",
                "target": "40",
                "target_unit": "oficinas",
                "deadline": 90,
                "deliveries": [
                    ("Calendário das oficinas", "1", 40, ["document"], "pending"),
                ],
            },
        ],
    },
]


class _Days:
    def __init__(self, uf: str, today: dt.date):
        self.calendar = BusinessCalendar(uf)
        self.today = today

    def shift(self, count: int, start: dt.date | None = None) -> dt.date:
        """`count` business days after (or, negative, before) `start` (today by default)."""
        day, step, left = start or self.today, (1 if count > 0 else -1), abs(count)
        while left:
            day += dt.timedelta(days=step)
            if self.calendar.is_business_day(day):
                left -= 1
        return day


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _units(state) -> dict[str, OrgUnit]:
    slug, name, acronym, kind = SED
    sed, _ = OrgUnit.objects.get_or_create(
        slug=slug, defaults={"name": name, "acronym": acronym, "kind": kind, "state": state}
    )
    found = {slug: sed}
    for child_slug, child_name, child_acronym in UNITS:
        found[child_slug], _ = OrgUnit.objects.get_or_create(
            slug=child_slug,
            defaults={
                "name": child_name,
                "acronym": child_acronym,
                "kind": OrgUnitKind.SUPERINTENDENCY
                if child_acronym == "SUTEC"
                else OrgUnitKind.COORDINATION,
                "parent": sed,
                "state": state,
            },
        )
    community = OrgUnit.objects.filter(slug="ms-sec-spp-comunitarios").first()
    if community is not None:
        found[community.slug] = community
    return found


def _people(units) -> dict[str, User]:
    unusable = make_password(None)
    found = {}
    for email, name, unit_slug in PEOPLE:
        user = User.objects.filter(email=email).first() or User.objects.create(
            email=email, full_name=name, password=unusable
        )
        ensure_membership(user, Role.TECHNICIAN, org_unit=units[unit_slug])
        found[unit_slug] = user
    return found


def _file(kind: str, title: str):
    if kind == "photo":
        return SimpleUploadedFile(f"{title}.png", tiny_png(), content_type="image/png")
    return SimpleUploadedFile(f"{title}.pdf", tiny_pdf(), content_type="application/pdf")


def _send(delivery, kinds, by, at):
    for kind in kinds:
        if kind == "link":
            delivery_services.send_evidence(
                delivery, kind=kind, value="https://www.ms.gov.br/sed/publicacoes", by=by, now=at
            )
        else:
            delivery_services.send_evidence(
                delivery,
                kind=kind,
                file=_file(kind, "evidencia"),
                title=delivery.delivery.title[:200],
                by=by,
                now=at,
            )
    delivery_services.submit_delivery(delivery, by=by, now=at)


def _work(delivery, scenario, sender, reviewer, days):
    """Bring one delivery to its scenario through the services, on past business days."""
    if scenario in ("pending", "late"):
        return
    kinds = list(delivery.delivery.evidence_types)
    if scenario == "submitted":  # sent two business days ago, due later: waiting, not late
        _send(delivery, kinds, sender, _moment(days.shift(-2), 10))
        return
    # Sent two business days before the due date, reviewed the next business day.
    sent_on = days.shift(-2, delivery.due)
    reviewed_on = days.shift(1, sent_on)
    _send(delivery, kinds, sender, _moment(sent_on, 10))
    delivery.refresh_from_db()
    if scenario == "validated":
        delivery_services.review_delivery(
            delivery,
            decision="validate",
            comment="Evidências conferidas.",
            by=reviewer,
            today=reviewed_on,
            now=_moment(reviewed_on, 15),
        )
    else:  # returned, with a new due date still to come
        delivery_services.review_delivery(
            delivery,
            decision="return",
            reason="incomplete",
            comment="Faltam as páginas assinadas; envie o documento completo.",
            new_due=days.shift(8),
            by=reviewer,
            today=reviewed_on,
            now=_moment(reviewed_on, 15),
        )


def load_demo_projects() -> str:
    state = State.objects.filter(uf="MS").first()
    if state is None:
        return "programs: sem MS, nenhum projeto estratégico de demonstração"
    if Program.objects.filter(slug__in=[p["slug"] for p in PROJECTS]).exists():
        return "programs: projetos estratégicos ok"
    today = timezone.localdate()
    days = _Days(state.uf, today)
    approved_on = days.shift(-APPROVED_AGO)
    with transaction.atomic():
        units = _units(state)
        people = _people(units)
        reviewer = people["ms-sed"]
        counts = dict.fromkeys(DeliveryStatus.values, 0)
        for spec in PROJECTS:
            program = Program.objects.create(
                slug=spec["slug"],
                name=spec["name"],
                goal=spec["goal"],
                kind=ProgramKind.PROJECT,
                state=state,
                managing_unit=units["ms-sed"],
            )
            phase = Phase.objects.create(
                program=program,
                slug="execucao-2026",
                name="Execução 2026",
                order=1,
                start=approved_on - dt.timedelta(days=14),
                end=days.shift(320),
                status=PhaseStatus.RUNNING,
            )
            scenarios = {}
            for goal_spec in spec["goals"]:
                unit = units.get(goal_spec["unit"]) or units["ms-sed-sutec"]
                goal = Action.objects.create(
                    phase=phase,
                    unit=unit,
                    title=goal_spec["title"],
                    modality="in_person",
                    target_value=Decimal(goal_spec["target"]),
                    target_unit=goal_spec["target_unit"],
                    deadline=today + dt.timedelta(days=goal_spec["deadline"]),
                    indicator=Indicator.objects.filter(code=goal_spec.get("indicator", "")).first(),
                )
                for order, (title, weight, offset, kinds, scenario) in enumerate(
                    goal_spec["deliveries"], start=1
                ):
                    row = ActionDelivery.objects.create(
                        action=goal,
                        title=title,
                        weight=Decimal(weight),
                        due_offset_days=offset,
                        evidence_types=kinds,
                        order=order,
                    )
                    scenarios[row.pk] = (scenario, goal_spec["unit"])
            plan = project_services.approve_project_plan(
                program, phase=phase, by=reviewer, today=approved_on
            )
            # The service stamps the version with the clock; the demo's approval is in the past.
            approved_at = timezone.make_aware(dt.datetime.combine(approved_on, dt.time(10)))
            plan.versions.update(approved_at=approved_at)
            Plan.objects.filter(pk=plan.pk).update(decided_at=approved_at)
            for delivery in PlanDelivery.objects.filter(item__plan=plan).select_related(
                "delivery", "item__plan__phase__program__state"
            ):
                scenario, unit_slug = scenarios[delivery.delivery_id]
                sender = people.get(unit_slug) or reviewer
                _work(delivery, scenario, sender, reviewer, days)
        for status in counts:
            counts[status] = PlanDelivery.objects.filter(
                item__plan__phase__program__slug__in=[p["slug"] for p in PROJECTS], status=status
            ).count()
    return (
        f"programs: 2 projetos estratégicos de demonstração ({counts['validated']} entregas "
        f"validadas, {counts['submitted']} aguardando validação, {counts['returned']} "
        f"devolvidas, {counts['pending']} pendentes)"
    )
