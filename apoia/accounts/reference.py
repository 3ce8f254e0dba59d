"""The state units Apoia ships with, taken from the seed documents.

MS: the Carta de Serviços of the Secretaria de Estado da Cidadania and the MS Ativo programme.
MT: CIB/SUAS/MT Resolução nº 02/2022, Art. 6º, VIII, items a–n, and its item VII (ombudsman).

Slugs are a contract other apps use (catalog entries, routing rules, tests); never rename one.
Protocol codes are the first five digits of a protocol number: the state's IBGE code (50 MS,
51 MT) followed by a sequence, assigned once and never reused.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from apoia.accounts.models import OrgUnit, OrgUnitKind, Theme
from apoia.territory.models import State


@dataclass(frozen=True)
class UnitData:
    slug: str
    uf: str
    name: str
    kind: str
    protocol_code: str
    parent: str = ""
    acronym: str = ""
    emails: tuple[str, ...] = ()
    phones: str = ""
    themes: tuple[str, ...] = ()
    description: str = ""


K = OrgUnitKind

UNITS: tuple[UnitData, ...] = (
    # --- Mato Grosso do Sul ------------------------------------------------------------------
    UnitData(
        slug="ms-sec",
        uf="MS",
        name="Secretaria de Estado da Cidadania",
        acronym="SEC",
        kind=K.SECRETARIAT,
        protocol_code="50001",
    ),
    UnitData(
        slug="ms-sec-spp-comunitarios",
        uf="MS",
        parent="ms-sec",
        name="Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        kind=K.SUBSECRETARIAT,
        protocol_code="50002",
        emails=("comunitario@sec.ms.gov.br",),
        phones="(67) 3323-7229",
        themes=(
            "Associativismo",
            "Cooperativismo",
            "Regularização de OSC",
            "Formação de lideranças comunitárias",
        ),
        description=(
            "Orientação técnica e capacitação para criar e fortalecer associações e cooperativas "
            "locais; formação de lideranças comunitárias; apoio à regularização de OSC."
        ),
    ),
    UnitData(
        slug="ms-segem",
        uf="MS",
        name="Secretaria-Executiva de Gestão Estratégica e Municipalismo",
        acronym="SEGEM",
        kind=K.EXECUTIVE_SECRETARIAT,
        protocol_code="50003",
        themes=("MS Ativo", "Municipalismo", "Indicadores municipais"),
        description=(
            "Coordena o Programa MS Ativo Municipalismo: cooperação entre o Estado e os "
            "municípios baseada em indicadores."
        ),
    ),
    UnitData(
        slug="ms-ouvidoria",
        uf="MS",
        parent="ms-sec",
        name="Ouvidoria da Secretaria de Estado da Cidadania",
        kind=K.OMBUDSMAN,
        protocol_code="50004",
        description="Recebe elogios, sugestões, reclamações, denúncias e pedidos de informação.",
    ),
    # --- Mato Grosso ---------------------------------------------------------------------------
    UnitData(
        slug="mt-setasc",
        uf="MT",
        name="Secretaria de Estado de Assistência Social e Cidadania",
        acronym="SETASC",
        kind=K.SECRETARIAT,
        protocol_code="51001",
    ),
    UnitData(  # item a
        slug="mt-saas",
        uf="MT",
        parent="mt-setasc",
        name="Secretaria Adjunta de Assistência Social",
        acronym="SAAS",
        kind=K.DEPUTY_SECRETARIAT,
        protocol_code="51002",
        emails=("saas@setasc.mt.gov.br",),
        phones="(65) 3613-5712 / 98421-2751, 3613-5711 / 98421-4080",
        themes=("Capacitação", "Apoio técnico"),
        description=(
            "Recebe as solicitações de ações de capacitação e apoio técnico, dentre outras, "
            "oriundas dos municípios."
        ),
    ),
    UnitData(  # item b
        slug="mt-saas-cib",
        uf="MT",
        parent="mt-saas",
        name="Comissão Intergestores Bipartite do SUAS",
        acronym="CIB/SUAS/MT",
        kind=K.COMMISSION,
        protocol_code="51003",
        emails=("cib@setasc.mt.gov.br",),
        phones="(65) 3613-5711 / 98421-4080",
        themes=("Pactuações da CIB",),
        description=(
            "Recebe e encaminha informações pertinentes às pactuações sobre os aspectos "
            "operacionais do SUAS."
        ),
    ),
    UnitData(  # item c
        slug="mt-sgsuas",
        uf="MT",
        parent="mt-saas",
        name="Superintendência de Gestão do SUAS",
        kind=K.SUPERINTENDENCY,
        protocol_code="51004",
        emails=("sugestaodosuas@setasc.mt.gov.br",),
        phones="(65) 99339-7205",
        themes=("Gestão do SUAS",),
        description=(
            "Recebe as solicitações dos municípios pertinentes à Vigilância Socioassistencial, "
            "Gestão do Trabalho e Regulação e Gestão Financeira."
        ),
    ),
    UnitData(  # item d
        slug="mt-cvs",
        uf="MT",
        parent="mt-sgsuas",
        name="Coordenadoria de Vigilância Socioassistencial",
        kind=K.COORDINATION,
        protocol_code="51005",
        emails=("vigilanciasocioassistencial@setasc.mt.gov.br",),
        phones="(65) 3613-5727 / 99339-7205",
        themes=(
            "Vigilância socioassistencial",
            "Diagnóstico socioterritorial",
            "Plano de assistência social",
            "Censo SUAS",
            "Relatório Anual SUAS-MT",
            "Prontuário eletrônico",
        ),
        description=(
            "Implantação da Vigilância Socioassistencial, diagnóstico socioterritorial, plano de "
            "assistência social, Censo SUAS, Relatório Anual SUAS-MT e prontuário eletrônico."
        ),
    ),
    UnitData(  # item e
        slug="mt-cgt",
        uf="MT",
        parent="mt-sgsuas",
        name="Coordenadoria de Gestão do Trabalho",
        kind=K.COORDINATION,
        protocol_code="51006",
        emails=("gestaodotrabalho@setasc.mt.gov.br", "capacitasuasmt@setasc.mt.gov.br"),
        phones="(65) 3613-5721 / 99339-7033, (65) 3613-5789 / 98429-0112",
        themes=("Educação permanente", "Gestão do trabalho", "NEEP", "SAA", "CadSUAS"),
        description=(
            "Educação permanente, temas da gestão do trabalho e Núcleo Estadual de Educação "
            "Permanente (NEEP), Sistema de Autorização e Autenticação (SAA) e sistema CadSUAS."
        ),
    ),
    UnitData(  # art. 8º, parágrafo único: validates the themes of events for groups
        slug="mt-neep",
        uf="MT",
        parent="mt-cgt",
        name="Núcleo Estadual de Educação Permanente do SUAS",
        acronym="NEEP/SUAS/MT",
        kind=K.COMMISSION,
        protocol_code="51017",
        emails=("capacitasuasmt@setasc.mt.gov.br",),
        description=(
            "Valida os temas e conteúdos dos encontros técnicos, seminários, oficinas, "
            "videoconferências e transmissões ao vivo destinados a grupos de municípios "
            "(Resolução CIB/SUAS/MT nº 02/2022, art. 8º, parágrafo único)."
        ),
    ),
    UnitData(  # item f
        slug="mt-crgf",
        uf="MT",
        parent="mt-sgsuas",
        name="Coordenadoria de Regulação e Gestão Financeira",
        kind=K.COORDINATION,
        protocol_code="51007",
        emails=("regulacaogfsuas@setasc.mt.gov.br",),
        phones="(65) 3613-5773 / 98433-0585, 3613-5785 / 99241-6279",
        themes=(
            "Lei de regulamentação do SUAS",
            "Rede socioassistencial privada",
            "Gestão orçamentária",
            "Fundo de assistência social",
        ),
        description=(
            "Lei de regulamentação da política de assistência social, rede socioassistencial "
            "privada, gestão orçamentária e financeira do SUAS e fundo de assistência social."
        ),
    ),
    UnitData(  # item g
        slug="mt-sss",
        uf="MT",
        parent="mt-saas",
        name="Superintendência de Serviços Socioassistenciais",
        kind=K.SUPERINTENDENCY,
        protocol_code="51008",
        # Spelled so in the resolution.
        emails=("superintenciadeservicos@setasc.mt.gov.br",),
        phones="(65) 3613-5793 / 9 9234-6740",
        themes=("Serviços socioassistenciais",),
        description=(
            "Recebe as solicitações dos municípios pertinentes às proteções básica e especial de "
            "média e alta complexidade."
        ),
    ),
    UnitData(  # item h
        slug="mt-cpsb",
        uf="MT",
        parent="mt-sss",
        name="Coordenadoria de Proteção Social Básica",
        kind=K.COORDINATION,
        protocol_code="51009",
        emails=("protecaobasica@setasc.mt.gov.br",),
        phones="(65) 3613-5718 / 99339-8422",
        themes=("PAIF", "SCFV", "Equipes volantes", "PSB no domicílio"),
        description="Serviços e ações do PAIF, SCFV, equipes volantes e PSB no domicílio.",
    ),
    UnitData(  # item i
        slug="mt-cpse-mc",
        uf="MT",
        parent="mt-sss",
        name="Coordenadoria de Proteção Social Especial de Média Complexidade",
        kind=K.COORDINATION,
        protocol_code="51010",
        emails=("psemediacomplexidade@setasc.mt.gov.br",),
        phones="(65) 3613-5792 / 99339-7106",
        themes=("PAEFI", "Abordagem social", "Medidas socioeducativas"),
        description="Serviços e ações do PAEFI, abordagem social e medidas socioeducativas.",
    ),
    UnitData(  # item j
        slug="mt-cpse-ac",
        uf="MT",
        parent="mt-sss",
        name="Coordenadoria de Proteção Social Especial de Alta Complexidade",
        kind=K.COORDINATION,
        protocol_code="51011",
        emails=("psealtacomplexidade@setasc.mt.gov.br",),
        phones="(65) 3613-5731 / 98421-3650",
        themes=("Serviços de acolhimento",),
        description="Serviços de acolhimento.",
    ),
    UnitData(  # item k
        slug="mt-sbpps",
        uf="MT",
        parent="mt-saas",
        name="Superintendência de Benefícios, Programas e Projetos Socioassistenciais",
        acronym="SBPPS",
        kind=K.SUPERINTENDENCY,
        protocol_code="51012",
        emails=("sbpps@setasc.mt.gov.br",),
        phones="(65) 3613-5770",
        themes=("Benefícios, programas e projetos socioassistenciais",),
        description=(
            "Recebe as solicitações dos municípios pertinentes ao CadÚnico, ao Programa Auxílio "
            "Brasil e aos benefícios e programas socioassistenciais."
        ),
    ),
    UnitData(  # item l
        slug="mt-ccadunico",
        uf="MT",
        parent="mt-sbpps",
        name=(
            "Coordenadoria de Gestão do Cadastro Único dos Programas Sociais e do Programa "
            "Auxílio Brasil"
        ),
        kind=K.COORDINATION,
        protocol_code="51013",
        emails=("cadpab@setasc.mt.gov.br",),
        phones="(65) 3613-5745 / 98429-1434",
        themes=("CadÚnico", "Programa Auxílio Brasil", "CECAD", "SIGPBF", "SICON"),
        description="CadÚnico, Programa Auxílio Brasil (PAB), CECAD, SIGPBF e SICON.",
    ),
    UnitData(  # item m
        slug="mt-cgbs",
        uf="MT",
        parent="mt-sbpps",
        name="Coordenadoria de Gestão de Benefícios Socioassistenciais",
        kind=K.COORDINATION,
        protocol_code="51014",
        emails=("gtben@setasc.mt.gov.br",),
        phones="(65) 3616-5725 / 92418-0023",
        themes=("Benefícios eventuais", "BPC", "BPC na escola", "BPC trabalho"),
        description=(
            "Benefícios eventuais, Benefício de Prestação Continuada (BPC), BPC na escola e BPC "
            "trabalho."
        ),
    ),
    UnitData(  # item n
        slug="mt-cgpps",
        uf="MT",
        parent="mt-sbpps",
        name="Coordenadoria de Gestão de Programas e Projetos Socioassistenciais do SUAS",
        kind=K.COORDINATION,
        protocol_code="51015",
        emails=(
            "criancafeliz@setasc.mt.gov.br",
            "petimt@setasc.mt.gov.br",
            "acessuastrabalho@setasc.mt.gov.br",
        ),
        phones="(65) 3616-5725 / 92418-0023",
        themes=("Criança Feliz", "PETI", "Acessuas Trabalho"),
        description="Programa Criança Feliz, PETI e Acessuas Trabalho.",
    ),
    UnitData(  # item VII
        slug="mt-ouvidoria",
        uf="MT",
        parent="mt-setasc",
        name="Ouvidoria Setorial",
        kind=K.OMBUDSMAN,
        protocol_code="51016",
        emails=("ouvidoria@controladoria.mt.gov.br",),
        phones="162 / 0800-647-1520",
        description=(
            "Fale Cidadão: elogio, sugestão, reclamação, denúncia ou pedido de informação "
            "pública sobre os serviços de assistência social."
        ),
    ),
)

UNITS_BY_SLUG = {unit.slug: unit for unit in UNITS}


def theme_for(name: str) -> Theme:
    theme, _ = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return theme


def _save_unit(data: UnitData, parent: OrgUnit | None, state: State) -> OrgUnit:
    unit, _ = OrgUnit.objects.update_or_create(
        slug=data.slug,
        defaults={
            "name": data.name,
            "acronym": data.acronym,
            "kind": data.kind,
            "parent": parent,
            "state": state,
            "protocol_code": data.protocol_code,
            "email": data.emails[0] if data.emails else "",
            "other_emails": ", ".join(data.emails[1:]),
            "phones": data.phones,
            "description": data.description,
        },
    )
    # add(), not set(): themes an administrator attached later survive a reload.
    unit.themes.add(*(theme_for(name) for name in data.themes))
    return unit


def _state(uf: str) -> State:
    try:
        return State.objects.get(uf=uf)
    except State.DoesNotExist:
        raise State.DoesNotExist(
            f"Estado {uf} não cadastrado: carregue o território antes das unidades."
        ) from None


@transaction.atomic
def load_org_units() -> int:
    """Create or update every reference unit and its themes; safe to run again."""
    saved: dict[str, OrgUnit] = {}
    states: dict[str, State] = {}
    for data in UNITS:  # parents come before their children
        if data.uf not in states:
            states[data.uf] = _state(data.uf)
        saved[data.slug] = _save_unit(data, saved.get(data.parent), states[data.uf])
    return len(saved)


@transaction.atomic
def ensure_unit(slug: str) -> OrgUnit:
    """One reference unit (and its ancestors), without loading the others; for tests."""
    data = UNITS_BY_SLUG[slug]
    parent = ensure_unit(data.parent) if data.parent else None
    existing = OrgUnit.objects.filter(slug=slug).first()
    return existing or _save_unit(data, parent, _state(data.uf))
