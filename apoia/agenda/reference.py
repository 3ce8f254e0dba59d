"""Reference data of the agenda, loaded by `apoia load_reference` (not only in the demo):

- the strategies of technical support of Resolução CIB/SUAS/MT nº 02/2022, art. 4º (the forms,
  presencial and não presencial) and art. 6º (the strategies of the year, I–XII);
- the axes and the 20 lines of the art. 7º table of the 2022 MT plan, with their strategy,
  modality and the unit that answers for them (art. 6º, VIII).

The table names no months: the entries keep `months` empty until the staff schedules them.
Slugs are a contract (events and tests refer to them); never rename one.
"""

import datetime as dt

from django.db import transaction

from apoia.accounts.models import OrgUnit
from apoia.agenda.models import Axis, Modality, PlanEntry, Presence, Strategy, SupportPlan
from apoia.territory.models import State

P, R = Presence.IN_PERSON, Presence.REMOTE

# (slug, name, presence, legal basis, description from art. 6º)
STRATEGIES = (
    (
        "encontros",
        "Encontros de apoio técnico",
        P,
        "Art. 4º, I, a; art. 6º, I",
        "Destinados aos técnicos e gestores do SUAS no intuito de qualificar a gestão em todas "
        "as áreas da política de Assistência Social.",
    ),
    (
        "apoio-individualizado",
        "Apoio técnico individualizado",
        P,
        "Art. 4º, I, b; art. 6º, II",
        "Atendimento aos municípios para orientação conjunta ou específica, na sede da "
        "SAAS/SETASC ou online, com agendamento prévio por formulário próprio.",
    ),
    (
        "monitoramento",
        "Monitoramento com periodicidade mínima anual",
        P,
        "Art. 4º, I, c; art. 6º, III",
        "Acompanhamento contínuo e sistemático das ações do SUAS, pela verificação in loco e por "
        "dados secundários de indicadores da Vigilância Socioassistencial.",
    ),
    (
        "seminarios-oficinas",
        "Seminários e oficinas",
        P,
        "Art. 4º, I, d; art. 6º, IV",
        "Ações articuladas e complementares às de orientação aos municípios.",
    ),
    (
        "visitas-tecnicas",
        "Visitas técnicas",
        P,
        "Art. 4º, I, e; art. 6º, V; art. 9º",
        "Apoio técnico in loco para orientar gestores, conselheiros e trabalhadores sobre as "
        "normativas e procedimentos do SUAS; definidas a partir de indicadores da Vigilância "
        "Socioassistencial.",
    ),
    (
        "outros-eventos",
        "Outros eventos técnicos",
        P,
        "Art. 6º, VI",
        "Palestras, conferências, simpósios, congressos, workshops e afins, com atualizações "
        "sobre a operacionalização da Política de Assistência Social.",
    ),
    (
        "centrais-relacionamento",
        "Centrais de relacionamento",
        R,
        "Art. 4º, II, a; art. 6º, VII",
        "Elogio, sugestão, reclamação, denúncia ou pedido de informação pública (Ouvidoria "
        "Setorial — Fale Cidadão).",
    ),
    (
        "emails-telefones",
        "E-mails, telefones e mensagens",
        R,
        "Art. 4º, II, b; art. 6º, VIII",
        "Comunicação direta com os municípios para informações e apoio técnico imediato.",
    ),
    (
        "normas-materiais",
        "Normas, orientações técnicas e materiais informativos",
        R,
        "Art. 4º, II, c; art. 6º, IX",
        "Cadernos de orientação, protocolos, instruções operacionais, cartilhas, boletins e "
        "infográficos.",
    ),
    (
        "videoconferencias-lives",
        "Videoconferências e transmissões ao vivo",
        R,
        "Art. 4º, II, d; art. 6º, X",
        "Apoio técnico à distância, com transmissão de imagem e som, debates e troca de "
        "experiências.",
    ),
    (
        "ferramentas-informacionais",
        "Instrumentos e ferramentas informacionais do SUAS",
        R,
        "Art. 4º, II, e; art. 6º, XI",
        "Geo SUAS/MT e demais ferramentas da Vigilância Socioassistencial.",
    ),
    (
        "sitios-aplicativos",
        "Sítios eletrônicos e aplicativos",
        R,
        "Art. 4º, II, f; art. 6º, XII",
        "Blogs da Gestão do Trabalho e da Vigilância Socioassistencial.",
    ),
)

MT_AXES = (
    ("saas", "SAAS"),
    ("gestao-do-suas", "Gestão do SUAS"),
    ("servicos-socioassistenciais", "Serviços Socioassistenciais"),
    ("beneficios-programas-projetos", "Benefícios, Programas e Projetos Socioassistenciais"),
)

MT_2022_PLAN = {
    "uf": "MT",
    "year": 2022,
    "title": "Plano de Apoio Técnico aos municípios no âmbito do SUAS — Mato Grosso, 2022",
    "act": "Resolução CIB/SUAS/MT nº 02/2022",
    "act_date": dt.date(2022, 3, 18),
    "act_url": "https://iomat.mt.gov.br/legislacao/diario_oficial/consultar",
    "summary": (
        "Pactua o Plano de Apoio Técnico aos municípios no âmbito do Sistema Único de "
        "Assistência Social do Estado de Mato Grosso para o ano de 2022 (Comissão "
        "Intergestores Bipartite, 18 de março de 2022)."
    ),
}

IN, ON = Modality.IN_PERSON, Modality.ONLINE
AUDIENCE = "Gestores, trabalhadores e conselheiros do SUAS municipal"

# Art. 7º, in the order of the table: (axis, strategy, modality, title, unit).
MT_2022_ENTRIES = (
    ("saas", "visitas-tecnicas", IN, "Visitas Técnicas", "mt-saas"),
    (
        "gestao-do-suas",
        "seminarios-oficinas",
        IN,
        "Oficina Estadual de Monitoramento e Avaliação",
        "mt-cvs",
    ),
    (
        "gestao-do-suas",
        "encontros",
        IN,
        "Encontro Estadual sobre o Cadastro Nacional de Entidades de Assistência Social - CNEAS",
        "mt-crgf",
    ),
    (
        "gestao-do-suas",
        "encontros",
        ON,
        "Web Encontro sobre a elaboração de Relatórios Trimestrais, anuais e de Gestão da "
        "Assistência Social",
        "mt-cvs",
    ),
    (
        "servicos-socioassistenciais",
        "seminarios-oficinas",
        ON,
        "Oficina Virtual para orientador social do Serviço de Convivência e Fortalecimento de "
        "Vínculos",
        "mt-cpsb",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "Encontro Técnico sobre atendimento socioassistencial de média complexidade à população "
        "em situação de rua",
        "mt-cpse-mc",
    ),
    (
        "servicos-socioassistenciais",
        "apoio-individualizado",
        ON,
        "Apoio Técnico Virtual aos Municípios com CREAS e Centro POP",
        "mt-cpse-mc",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "Web Encontro do Serviço de Medidas Socioeducativas e PAEFI",
        "mt-cpse-mc",
    ),
    (
        "servicos-socioassistenciais",
        "apoio-individualizado",
        ON,
        "Apoio Técnico Virtual aos municípios com equipe da PSE na gestão",
        "mt-sss",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "1º Web Encontro Técnico Estadual do Serviço de Proteção em Situações de Calamidades "
        "Públicas e de Emergências",
        "mt-cpse-ac",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "Web Encontro Estadual da pessoa idosa",
        "mt-cpsb",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "Web Encontro Estadual da pessoa com deficiência",
        "mt-cpsb",
    ),
    (
        "servicos-socioassistenciais",
        "encontros",
        ON,
        "Web Encontro Estadual em alusão ao dia Nacional de combate ao abuso e exploração sexual "
        "da criança e do adolescente - 18 de Maio",
        "mt-cpse-mc",
    ),
    (
        "beneficios-programas-projetos",
        "encontros",
        ON,
        "Web Encontro Intersetorial do Cadastro Único e do Programa Auxílio Brasil",
        "mt-ccadunico",
    ),
    (
        "beneficios-programas-projetos",
        "videoconferencias-lives",
        ON,
        "Live: Averiguação / Revisão Cadastral - 2022 e Focalização Programa Auxílio Brasil",
        "mt-ccadunico",
    ),
    (
        "beneficios-programas-projetos",
        "encontros",
        ON,
        "Web Encontro Estadual sobre Benefícios Eventuais",
        "mt-cgbs",
    ),
    (
        "beneficios-programas-projetos",
        "encontros",
        ON,
        "Web Encontro Estadual sobre Benefício de Prestação Continuada",
        "mt-cgbs",
    ),
    (
        "beneficios-programas-projetos",
        "encontros",
        ON,
        "Web Encontro para alinhamento de supervisores no CDC - Cuidados para o Desenvolvimento "
        "da Criança - Programa Criança Feliz",
        "mt-cgpps",
    ),
    (
        "beneficios-programas-projetos",
        "encontros",
        ON,
        "Web Encontro para alinhamento de supervisores no Guia para visita domiciliar - "
        "Programa Criança Feliz",
        "mt-cgpps",
    ),
    (
        "beneficios-programas-projetos",
        "seminarios-oficinas",
        IN,
        "Seminário do Programa de Erradicação do Trabalho Infantil - PETI",
        "mt-cgpps",
    ),
)


def load_strategies() -> int:
    for order, (slug, name, presence, basis, description) in enumerate(STRATEGIES, start=1):
        Strategy.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "presence": presence,
                "legal_basis": basis,
                "description": description,
                "order": order,
            },
        )
    return len(STRATEGIES)


def load_axes(state: State) -> dict[str, Axis]:
    axes = {}
    for order, (slug, name) in enumerate(MT_AXES, start=1):
        axes[slug], _ = Axis.objects.update_or_create(
            state=state, slug=slug, defaults={"name": name, "order": order}
        )
    return axes


def load_mt_2022_plan() -> SupportPlan | None:
    """The 2022 MT plan and its 20 entries. Entries the staff changed (status, months,
    unit) are kept: a reload only adds what is missing."""
    state = State.objects.filter(uf=MT_2022_PLAN["uf"]).first()
    if state is None:
        return None
    axes = load_axes(state)
    strategies = {s.slug: s for s in Strategy.objects.all()}
    units = {u.slug: u for u in OrgUnit.objects.filter(slug__startswith="mt-")}
    fields = {k: v for k, v in MT_2022_PLAN.items() if k not in ("uf", "year")}
    plan, _ = SupportPlan.objects.get_or_create(
        state=state, year=MT_2022_PLAN["year"], defaults=fields
    )
    for order, (axis, strategy, modality, title, unit) in enumerate(MT_2022_ENTRIES, start=1):
        PlanEntry.objects.get_or_create(
            plan=plan,
            order=order,
            defaults={
                "axis": axes[axis],
                "strategy": strategies[strategy],
                "modality": modality,
                "title": title,
                "unit": units.get(unit),
                "audience": AUDIENCE,
            },
        )
    return plan


@transaction.atomic
def load_agenda_reference() -> str:
    count = load_strategies()
    plan = load_mt_2022_plan()
    if plan is None:
        return f"agenda: {count} estratégias; sem MT, nenhum plano"
    return f"agenda: {count} estratégias, {plan.entries.count()} ações do plano {plan.act}"
