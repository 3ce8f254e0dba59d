"""Demo data of the bills area of the legislative desk: five bills of Mato Grosso do Sul at
different stages, filed and moved through the services like any other.

- Assembleia Legislativa, just filed;
- Assembleia Legislativa, in committee, routed to three units: one answered, one open within
  its deadline, one late;
- Câmara Municipal de Campo Grande, ready for the vote, both opinions in and consolidated;
- Assembleia Legislativa (filed over a year ago), sanctioned, with its whole history;
- Câmara Municipal de Campo Grande (filed over a year ago), archived.

Dates are relative to today. Idempotent: a bill already there (same house, kind, number and
year) is left as it is. The desk is `ms-segem-sal` (from the demands' reference data), else
`ms-segem`.
"""

import datetime as dt

from django.utils import timezone

from apoia.accounts.models import OrgUnit, User
from apoia.legislative.models import Bill, BillKind, BillStatus, House, OpinionRequest, Position
from apoia.legislative.services_bills import create_bill, record_status
from apoia.legislative.services_opinions import (
    answer_opinion,
    consolidate,
    deadline_for,
    route_bill,
)
from apoia.programs.models import Program
from apoia.territory.models import Municipality

DESK_SLUGS = ("ms-segem-sal", "ms-segem")
COMMUNITY, OMBUDSMAN, SEGEM = "ms-sec-spp-comunitarios", "ms-ouvidoria", "ms-segem"
ACTORS = ("legislativo@apoia.demo", "admin@apoia.demo")
COMMUNITY_STAFF = "coordenador@apoia.demo"
PROGRAM = "ms-ativo-municipalismo"
CAMPO_GRANDE = 5002704


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _due_within_three_days(bill, business_days: int) -> int:
    """How many days ago to ask so that the deadline falls within the next three days (the
    dashboard's week and the digest's "due soon")."""
    today = timezone.localdate()
    for days_ago in range(1, 15):
        due = deadline_for(bill, _days_ago(days_ago), business_days)
        if 0 <= (due - today).days <= 3:
            return days_ago
    return 1


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(15), tzinfo=timezone.get_current_timezone())


class _Demo:
    def __init__(self, desk, actor, units, campo_grande):
        self.desk, self.actor, self.units, self.campo_grande = desk, actor, units, campo_grande
        self.community_staff = User.objects.filter(email=COMMUNITY_STAFF).first() or actor
        self.created = 0

    def bill(self, *, house, kind, number, filed_days_ago, **facts):
        year = _days_ago(filed_days_ago).year  # a bill's number belongs to its year
        municipality = self.campo_grande if house == House.MUNICIPAL_CHAMBER else None
        found = Bill.objects.filter(
            house=house,
            state_id=self.desk.state_id,
            municipality=municipality,
            kind=kind,
            number=number,
            year=year,
        ).first()
        if found:
            return None
        self.created += 1
        return create_bill(
            by=self.actor,
            desk=self.desk,
            house=house,
            municipality=municipality,
            kind=kind,
            number=number,
            year=year,
            filed_on=_days_ago(filed_days_ago),
            **facts,
        )

    def status(self, bill, status, days_ago, note=""):
        record_status(
            by=self.actor, bill=bill, status=status, happened_on=_days_ago(days_ago), note=note
        )

    def ask(self, bill, slug, *, days_ago, business_days, question):
        (req,) = route_bill(
            by=self.actor,
            bill=bill,
            units=[self.units[slug]],
            business_days=business_days,
            question=question,
            requested_on=_days_ago(days_ago),
        )
        return req

    def answer(self, req, position, opinion):
        """Answered through the service, then dated two days after the request (within its
        deadline), as it would have been at the time."""
        by = self.community_staff if req.unit.slug == COMMUNITY else self.actor
        answer_opinion(by=by, opinion_request=req, position=position, opinion=opinion)
        answered_on = min(req.requested_on + dt.timedelta(days=2), timezone.localdate())
        OpinionRequest.objects.filter(pk=req.pk).update(answered_at=_moment(answered_on))

    def consolidate(self, bill, days_ago, position, text):
        consolidate(by=self.actor, bill=bill, position=position, text=text)
        Bill.objects.filter(pk=bill.pk).update(consolidated_at=_moment(_days_ago(days_ago)))


def _filed(demo):
    demo.bill(
        house=House.STATE_ASSEMBLY,
        kind=BillKind.ORDINARY_LAW,
        number=210,
        filed_days_ago=3,
        author="Deputada Estadual Marta Quintana",
        summary="Institui a Semana Estadual do Associativismo e do Cooperativismo.",
        link="https://www.al.ms.gov.br/",
    )


def _in_committee(demo, program):
    bill = demo.bill(
        house=House.STATE_ASSEMBLY,
        kind=BillKind.ORDINARY_LAW,
        number=187,
        filed_days_ago=40,
        author="Deputado Estadual Otávio Reis",
        summary=(
            "Dispõe sobre o apoio técnico do Estado à regularização de associações "
            "comunitárias e cooperativas de pequeno porte."
        ),
        link="https://www.al.ms.gov.br/",
        affected_units=[demo.units[COMMUNITY]],
        affected_programs=[program] if program else [],
    )
    if bill is None:
        return
    demo.status(bill, BillStatus.IN_COMMITTEE, 35, "Comissão de Constituição, Justiça e Redação.")
    question = "Qual o impacto sobre as ações da unidade e a estimativa de custo?"
    answered = demo.ask(bill, COMMUNITY, days_ago=30, business_days=10, question=question)
    demo.answer(
        answered,
        Position.FAVOURABLE_WITH_CHANGES,
        "Favorável, desde que o art. 4º preveja a capacitação pela Subsecretaria e o prazo "
        "de 180 dias para a regulamentação.",
    )
    demo.ask(bill, SEGEM, days_ago=30, business_days=5, question=question)  # late
    soon = _due_within_three_days(bill, business_days=5)
    demo.ask(bill, OMBUDSMAN, days_ago=soon, business_days=5, question=question)  # due soon


def _consolidated(demo):
    if demo.campo_grande is None:
        return
    bill = demo.bill(
        house=House.MUNICIPAL_CHAMBER,
        kind=BillKind.ORDINARY_LAW,
        number=45,
        filed_days_ago=60,
        author="Vereador Caio Brandão",
        summary="Cria o programa municipal de hortas comunitárias em áreas públicas ociosas.",
        link="https://www.camara.ms.gov.br/",
        affected_units=[demo.units[COMMUNITY]],
    )
    if bill is None:
        return
    demo.status(bill, BillStatus.IN_COMMITTEE, 50)
    question = "O programa se articula com as ações do Estado?"
    for slug, opinion in (
        (COMMUNITY, "As associações de moradores podem gerir as hortas com nosso apoio."),
        (SEGEM, "Compatível com o MS Ativo; sugerimos indicadores de produção."),
    ):
        req = demo.ask(bill, slug, days_ago=45, business_days=10, question=question)
        demo.answer(req, Position.FAVOURABLE, opinion)
    demo.status(bill, BillStatus.READY_FOR_VOTE, 10)
    demo.consolidate(
        bill,
        12,
        position=Position.FAVOURABLE_WITH_CHANGES,
        text=(
            "O Estado apoia a proposição e sugere à Câmara prever indicadores de produção e a "
            "gestão das hortas por associações de moradores."
        ),
    )


def _sanctioned(demo):
    bill = demo.bill(
        house=House.STATE_ASSEMBLY,
        kind=BillKind.ORDINARY_LAW,
        number=98,
        filed_days_ago=400,
        author="Poder Executivo",
        summary="Institui o Programa Estadual de Fortalecimento das Lideranças Comunitárias.",
        link="https://www.al.ms.gov.br/",
        affected_units=[demo.units[COMMUNITY]],
    )
    if bill is None:
        return
    demo.status(bill, BillStatus.IN_COMMITTEE, 380)
    req = demo.ask(bill, COMMUNITY, days_ago=375, business_days=10, question="Parecer de mérito.")
    demo.answer(req, Position.FAVOURABLE, "A Subsecretaria executará o programa.")
    demo.consolidate(bill, 360, position=Position.FAVOURABLE, text="Favorável.")
    demo.status(bill, BillStatus.APPROVED, 300, "Aprovada em segunda votação.")
    demo.status(bill, BillStatus.SANCTIONED, 285, "Sancionada sem vetos.")


def _archived(demo):
    if demo.campo_grande is None:
        return
    bill = demo.bill(
        house=House.MUNICIPAL_CHAMBER,
        kind=BillKind.INDICATION,
        number=12,
        filed_days_ago=370,
        author="Vereadora Lia Monteiro",
        summary="Indica ao Estado a instalação de um posto de atendimento no bairro Nova Lima.",
    )
    if bill is None:
        return
    demo.status(bill, BillStatus.ARCHIVED, 200, "Arquivada ao fim da sessão legislativa.")


def load() -> list[str]:
    desk = OrgUnit.objects.filter(slug__in=DESK_SLUGS).order_by("-slug").first()
    actor = next((u for email in ACTORS if (u := User.objects.filter(email=email).first())), None)
    units = {u.slug: u for u in OrgUnit.objects.filter(slug__in=(COMMUNITY, OMBUDSMAN, SEGEM))}
    if desk is None or actor is None or len(units) < 3:
        return ["legislative bills: sem a mesa e as unidades de MS, nada a demonstrar"]
    demo = _Demo(desk, actor, units, Municipality.objects.filter(ibge=CAMPO_GRANDE).first())
    program = Program.objects.filter(slug=PROGRAM).first()
    _filed(demo)
    _in_committee(demo, program)
    _consolidated(demo)
    _sanctioned(demo)
    _archived(demo)
    return [f"legislative bills: {demo.created} proposições de demonstração ({desk.slug})"]
