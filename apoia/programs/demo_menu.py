"""Demo challenges and action menu of MS Ativo's phase 3, over the reference indicators.

Four challenges (three from the indicators' default worst-quintile rules, one from a saved
priority list) and eight actions of state secretariats, each with its deliveries and the
evidence they require. The secretariats other than SEGEM are demo units (the reference data
ships only the units of the seeds). Idempotent: nothing happens once the phase has challenges.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from apoia.accounts.models import OrgUnit, OrgUnitKind
from apoia.indicators.models import CriticalityRule, Indicator, Ranking, RuleKind
from apoia.indicators.ranking import RankingError, save_ranking
from apoia.programs.demo import SLUG
from apoia.programs.models import Action, ActionDelivery, Challenge, Program
from apoia.programs.services.challenges import recompute

PHASE = "fase-3"

UNITS = (
    ("ms-sed", "Secretaria de Estado de Educação", "SED"),
    ("ms-ses", "Secretaria de Estado de Saúde", "SES"),
    ("ms-sead", "Secretaria de Estado de Assistência Social e dos Direitos Humanos", "SEAD"),
    (
        "ms-semadesc",
        "Secretaria de Estado de Meio Ambiente, Desenvolvimento, Ciência, Tecnologia e Inovação",
        "SEMADESC",
    ),
    ("ms-sad", "Secretaria de Estado de Administração", "SAD"),
)


@dataclass(frozen=True)
class ChallengeData:
    slug: str
    name: str
    description: str
    indicators: tuple[str, ...]
    rule_of: str = ""  # the indicator whose worst-quintile rule picks the focal municipalities
    ranking: dict | None = None  # or a saved list: {"name", "weights", "top"}


CHALLENGES = (
    ChallengeData(
        "atraso-escolar",
        "Fluxo escolar no ensino fundamental",
        "Reduzir a distorção idade-série: crianças e adolescentes de 6 a 14 anos com dois ou "
        "mais anos de atraso no ensino fundamental.",
        ("t_atraso_2_fund", "idhm_e"),
        rule_of="t_atraso_2_fund",
    ),
    ChallengeData(
        "educacao-infantil",
        "Acesso à pré-escola",
        "Universalizar a pré-escola: crianças de 4 e 5 anos fora da escola.",
        ("t_fora4a5",),
        rule_of="t_fora4a5",
    ),
    ChallengeData(
        "saneamento",
        "Água e esgotamento sanitário",
        "Ampliar o acesso a água e esgotamento sanitário adequados.",
        ("agua_esgoto",),
        rule_of="agua_esgoto",
    ),
    ChallengeData(
        "pobreza-extrema",
        "Superação da extrema pobreza",
        "Alcançar as famílias em extrema pobreza, com prioridade para as crianças.",
        ("pind", "pindcri", "pmpob"),
        ranking={
            "name": "MS Ativo — pobreza e extrema pobreza (2010)",
            "weights": {"pind": 2, "pindcri": 1, "pmpob": 1},
            "top": 12,
        },
    ),
)

# (unit, title, description, challenges, modality, places, eligibility,
#  [(delivery, weight, business days after approval, evidence types)])
ACTIONS = (
    (
        "ms-sed",
        "Busca ativa escolar",
        "Apoio técnico para o município localizar, rematricular e acompanhar crianças e "
        "adolescentes fora da escola ou em atraso, com a rede de proteção.",
        ("atraso-escolar",),
        "hybrid",
        25,
        "focal_only",
        (
            ("Comitê municipal de busca ativa instituído", "1", 20, ("official_letter", "minutes")),
            ("Levantamento dos estudantes em atraso ou fora da escola", "2", 45, ("document",)),
            (
                "Relatório de rematrículas e acompanhamento",
                "2",
                120,
                ("document", "process_number"),
            ),
        ),
    ),
    (
        "ms-sed",
        "Formação de professores em recomposição das aprendizagens",
        "Formação online para professores do ensino fundamental, em parceria com a rede estadual.",
        ("atraso-escolar",),
        "online",
        None,
        "all_adhered",
        (
            ("Professores inscritos", "1", 15, ("attendance_list",)),
            ("Formação concluída", "3", 90, ("attendance_list", "photo")),
        ),
    ),
    (
        "ms-sed",
        "Expansão de vagas na pré-escola",
        "Diagnóstico da demanda e plano de expansão de vagas para crianças de 4 e 5 anos.",
        ("educacao-infantil",),
        "in_person",
        15,
        "focal_only",
        (
            ("Diagnóstico da demanda por vagas", "1", 30, ("document",)),
            ("Plano de expansão aprovado", "2", 60, ("minutes", "official_letter")),
        ),
    ),
    (
        "ms-sead",
        "Visitas domiciliares na primeira infância",
        "Capacitação das equipes municipais para visitas domiciliares a famílias com "
        "crianças pequenas.",
        ("educacao-infantil", "pobreza-extrema"),
        "hybrid",
        None,
        "all_adhered",
        (
            ("Equipe de visitadores capacitada", "1", 30, ("attendance_list",)),
            ("Relatório das visitas realizadas", "2", 90, ("document", "photo")),
        ),
    ),
    (
        "ms-semadesc",
        "Plano Municipal de Saneamento Básico",
        "Apoio técnico para elaborar ou revisar o Plano Municipal de Saneamento Básico.",
        ("saneamento",),
        "hybrid",
        20,
        "focal_only",
        (
            ("Comitê de elaboração instituído", "1", 20, ("official_letter",)),
            ("Diagnóstico técnico-participativo", "2", 80, ("document",)),
            ("Audiência pública realizada", "1", 100, ("minutes", "attendance_list", "photo")),
            ("Plano aprovado e publicado", "3", 160, ("process_number", "link")),
        ),
    ),
    (
        "ms-ses",
        "Vigilância da qualidade da água para consumo humano",
        "Implantação da rotina de coleta e análise da água (Vigiagua) com o laboratório estadual.",
        ("saneamento",),
        "in_person",
        None,
        "all_adhered",
        (
            ("Pontos de coleta cadastrados", "1", 30, ("document",)),
            ("Relatório trimestral de análises", "2", 90, ("document", "link")),
        ),
    ),
    (
        # Offered by the demo's protocol staff (Carlos and Teresa), so their review queue and
        # the menu's monitoring link show real work after `make run`.
        "ms-sec-spp-comunitarios",
        "Busca ativa para o Cadastro Único",
        "Mutirões de cadastramento e atualização cadastral das famílias em extrema pobreza.",
        ("pobreza-extrema",),
        "in_person",
        10,
        "focal_only",
        (
            ("Mutirão de cadastramento realizado", "2", 45, ("photo", "attendance_list")),
            ("Famílias cadastradas ou atualizadas", "2", 90, ("document",)),
        ),
    ),
    (
        "ms-sad",
        "Websérie de gestão municipal orientada por indicadores (Escolagov)",
        "Encontros online mensais para gestores e técnicos municipais: como construir projetos "
        "e políticas para mudar um indicador.",
        (),
        "online",
        None,
        "all_adhered",
        (
            ("Participação nos encontros", "1", 120, ("attendance_list",)),
            ("Indicador escolhido e meta definida", "1", 60, ("document", "link")),
        ),
    ),
)


def _units(program: Program) -> dict[str, OrgUnit]:
    found = {program.managing_unit.slug: program.managing_unit}
    for slug, name, acronym in UNITS:
        unit, _ = OrgUnit.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": OrgUnitKind.SECRETARIAT,
                "state": program.state,
            },
        )
        found[slug] = unit
    # Reference units (load_reference) that offer demo actions too.
    for unit in OrgUnit.objects.filter(slug="ms-sec-spp-comunitarios"):
        found[unit.slug] = unit
    program.units.add(*found.values())
    return found


def _rule(indicator: Indicator) -> CriticalityRule:
    rule = indicator.rules.filter(kind=RuleKind.WORST_QUANTILE, quantile=0.2).first()
    return rule or CriticalityRule.objects.create(
        indicator=indicator, kind=RuleKind.WORST_QUANTILE, quantile=0.2
    )


def _ranking(program: Program, data: dict) -> Ranking | None:
    found = Ranking.objects.filter(name=data["name"], state=program.state).first()
    if found is not None:
        return found
    try:
        return save_ranking(
            name=data["name"],
            uf=program.state.uf,
            period=None,
            method="minmax",
            weights=data["weights"],
        )
    except RankingError:
        return None


def _challenges(phase) -> dict[str, Challenge]:
    program = phase.program
    indicators = {i.code: i for i in Indicator.objects.all()}
    created = {}
    for order, data in enumerate(CHALLENGES, start=1):
        chosen = [indicators[code] for code in data.indicators if code in indicators]
        if not chosen:
            continue
        source = {}
        if data.rule_of and data.rule_of in indicators:
            source = {"rule": _rule(indicators[data.rule_of])}
        elif data.ranking and (ranking := _ranking(program, data.ranking)) is not None:
            source = {"ranking": ranking, "ranking_top": data.ranking["top"]}
        if not source:
            continue
        challenge = Challenge.objects.create(
            phase=phase,
            slug=data.slug,
            name=data.name,
            description=data.description,
            order=order,
            **source,
        )
        challenge.indicators.set(chosen)
        recompute(challenge, by=None)
        created[data.slug] = challenge
    return created


def load_demo_menu() -> str:
    """Challenges and actions of MS Ativo's phase 3; a line for the loader's output."""
    program = Program.objects.filter(slug=SLUG).select_related("state", "managing_unit").first()
    phase = program.phases.filter(slug=PHASE).first() if program else None
    if phase is None:
        return "programs: sem MS Ativo, nenhum cardápio de demonstração"
    if phase.challenges.exists():
        return "programs: cardápio ok"
    with transaction.atomic():
        units = _units(program)
        challenges = _challenges(phase)
        for unit, title, description, names, modality, places, eligibility, items in ACTIONS:
            linked = [challenges[name] for name in names if name in challenges]
            if eligibility == "focal_only" and not linked:
                eligibility = "all_adhered"
            action = Action.objects.create(
                phase=phase,
                unit=units[unit],
                title=title,
                description=description,
                modality=modality,
                places=places,
                eligibility=eligibility,
            )
            action.challenges.set(linked)
            ActionDelivery.objects.bulk_create(
                ActionDelivery(
                    action=action,
                    title=item_title,
                    weight=Decimal(weight),
                    due_offset_days=days,
                    evidence_types=list(evidence),
                    order=position,
                )
                for position, (item_title, weight, days, evidence) in enumerate(items)
            )
    return f"programs: {len(challenges)} desafios e {len(ACTIONS)} ações de demonstração"
