"""The Carta de Serviços entries Apoia ships with, transcribed from the state's published
catalog (seeds 000 and 001), with the source's repeated sentences and typos removed.

`load_catalog()` makes the database match this file: services, audiences and steps are
updated in place by slug (or order), so running it again duplicates nothing. Options are
upserted by slug and never deleted: requests filed later point at them.
"""

from django.db import transaction

from apoia.accounts.models import OrgUnit, Theme
from apoia.catalog.models import Audience, Service, ServiceKind, ServiceOption, ServiceStep
from apoia.territory.models import DeadlineUnit, State

AUDIENCES = {
    "osc": "Organização da Sociedade Civil – OSC",
    "municipios-ms": "Municípios do MS",
    # The source reads "Diligentes de Associações", a typo for "Dirigentes".
    "dirigentes-associacoes": "Dirigentes de Associações",
    "liderancas-comunitarias": "Lideranças Comunitárias",
    "prefeituras-municipais": "Prefeituras Municipais",
    "cidadaos": "Cidadãos",
    "gestao-municipal-suas": "Gestão municipal da assistência social (MT)",
}

# The same slugs and names accounts.reference gives the responsible units' themes, so a
# service and the unit that answers for it share them whichever app loads first.
THEMES = {
    "associativismo": "Associativismo",
    "cooperativismo": "Cooperativismo",
    "regularizacao-de-osc": "Regularização de OSC",
    "formacao-de-liderancas-comunitarias": "Formação de lideranças comunitárias",
    "ms-ativo": "MS Ativo",
    "municipalismo": "Municipalismo",
    "indicadores-municipais": "Indicadores municipais",
}

SERVICES = [
    {
        "slug": "orientacao-associacoes-comunitarias",
        "name": (
            "Solicitar orientação técnica para a criação e fortalecimento de associações "
            "comunitárias"
        ),
        "kind": ServiceKind.SERVICE,
        "state": "MS",
        "summary": (
            "Orientação técnica e capacitação para criar e fortalecer associações e "
            "cooperativas locais."
        ),
        "description": (
            "A Subsecretaria de Políticas Públicas para Assuntos Comunitários fornece "
            "orientação técnica e capacitação para criar e fortalecer associações e "
            "cooperativas locais. Promovemos a participação cívica e facilitamos o diálogo "
            "entre o governo e a sociedade. Oferecemos treinamento para líderes comunitários e "
            "colaboramos com outras entidades governamentais para melhorar as condições de "
            "vida através de políticas públicas, incentivando o comunitarismo e o "
            "associativismo."
        ),
        "requirements": (
            "Oficialização do pedido por meio do protocolo da Secretaria de Estado da Cidadania."
        ),
        "audiences": ["osc", "municipios-ms", "dirigentes-associacoes", "liderancas-comunitarias"],
        "themes": [
            "associativismo",
            "cooperativismo",
            "regularizacao-de-osc",
            "formacao-de-liderancas-comunitarias",
        ],
        "deadline_amount": 10,
        "deadline_unit": DeadlineUnit.BUSINESS_DAYS,
        "cost": "Sem custo",
        "steps": [
            (
                "Elaborar e encaminhar o ofício",
                "Elaborar e encaminhar um ofício formalizando a demanda, especificando qual o "
                "serviço solicitado (Formação/capacitação ou Apoio à regularização de OSC), com "
                "sugestão de agenda e uma programação prévia.",
            ),
            (
                "Recebimento e número de protocolo",
                "A Subsecretaria acusa o recebimento gerando um número de protocolo, que contém "
                "o prazo de resposta.",
            ),
            (
                "Devolutiva do aceite",
                "O demandante recebe a devolutiva do aceite ou não do pedido, com a justificativa.",
            ),
            (
                "Contato do técnico responsável",
                "O técnico responsável entra em contato com o demandante para a tratativa "
                "específica, com geração de protocolo.",
            ),
        ],
        "options": [
            (
                "formacao-capacitacao",
                "Formação/capacitação",
                "Formação e capacitação de lideranças comunitárias e dirigentes de associações "
                "e cooperativas.",
            ),
            (
                "apoio-regularizacao-osc",
                "Apoio à regularização de OSC",
                "Orientação para criar ou regularizar uma organização da sociedade civil.",
            ),
        ],
        "contact_email": "comunitario@sec.ms.gov.br",
        "contact_phone": "(67) 3323-7229",
        "contact_info": "Maiores informações ou dúvidas: comunitario@sec.ms.gov.br, "
        "(67) 3323-7229.",
        "responsible_unit": "ms-sec-spp-comunitarios",
        "allows_public_submission": True,
        "allows_anonymous": False,
        "legal_basis": "",
        "channels": (
            "Ofício protocolado na Secretaria de Estado da Cidadania.\n"
            "E-mail: comunitario@sec.ms.gov.br\n"
            "Telefone: (67) 3323-7229"
        ),
    },
    {
        "slug": "adesao-ms-ativo",
        "name": "Solicitar adesão ao Programa MS Ativo",
        "kind": ServiceKind.PROGRAM_ADHESION,
        "state": "MS",
        "summary": (
            "Programa de cooperação entre o Governo do Estado e os Municípios para melhorar "
            "os serviços públicos com base em indicadores."
        ),
        "description": (
            "Programa de Cooperação entre o Governo do Estado e os Municípios do Mato Grosso "
            "do Sul focado na melhoria da qualidade dos serviços públicos e na competitividade "
            "empresarial dos Municípios baseado em indicadores."
        ),
        "requirements": (
            "Adesão voluntária dos Municípios interessados aos Programas Estaduais e às "
            "propostas de ação de enfrentamento aos desafios prioritários do Governo do Estado."
        ),
        "audiences": ["prefeituras-municipais"],
        "themes": ["ms-ativo", "municipalismo", "indicadores-municipais"],
        "deadline_amount": 2,
        "deadline_unit": DeadlineUnit.WEEKS,
        "cost": "Sem custo",
        "steps": [
            (
                "Levantamento de indicadores",
                "Levantamento de indicadores de fontes abertas com extensão a todos os "
                "Municípios para avaliação das oportunidades de melhorias que possam gerar "
                "impactos e melhorias para o cidadão. Inclui a análise de indicadores e os "
                "critérios para a definição dos desafios do programa.",
            ),
            (
                "Identificação dos municípios em situação crítica",
                "Identificação dos Municípios em situação crítica em cada indicador, abordando "
                "as melhorias de maneira conjunta entre Estado e Municípios.",
            ),
            (
                "Focalização dos desafios no território",
                "Análise dos indicadores relacionados aos desafios estratégicos para os "
                "municípios, em cada desafio, identificando aqueles focais e prioritários.",
            ),
            (
                "Cardápio de ações",
                "Trabalho em conjunto entre as Secretarias finalísticas criando um cardápio de "
                "ações a serem adotadas voluntariamente pelos municípios participantes do "
                "programa, com foco na superação dos desafios.",
            ),
            (
                "Monitoramento das entregas por evidências",
                "Monitoramento da execução das entregas dos planos de ação a partir das "
                "evidências dos municípios sobre a realização das entregas.",
            ),
            (
                "Agenda de ações",
                "Com as informações do monitoramento, é definida uma agenda de ações a serem "
                "realizadas para melhorar os resultados do programa.",
            ),
        ],
        "options": [],
        "contact_email": "",
        "contact_phone": "",
        "contact_info": "",
        "responsible_unit": "ms-segem",
        "allows_public_submission": False,
        "allows_anonymous": False,
        "legal_basis": "",
        "channels": "Pedido de adesão feito pela Prefeitura Municipal, por seu ponto focal.",
    },
]


OMBUDSMAN_COMMON = {
    "kind": ServiceKind.OMBUDSMAN,
    "state": "MS",
    "audiences": ["cidadaos"],
    "themes": [],
    "deadline_amount": 30,
    "deadline_unit": DeadlineUnit.CALENDAR_DAYS,
    "extension_amount": 30,
    "cost": "Sem custo",
    "options": [],
    "contact_email": "",
    "contact_phone": "",
    "contact_info": "",
    "responsible_unit": "ms-ouvidoria",
    "allows_public_submission": True,
    "allows_anonymous": False,
    "legal_basis": (
        "Lei nº 13.460/2017, arts. 10 a 16: a ouvidoria responde em até 30 dias, prorrogáveis "
        "uma vez por igual período, mediante justificativa; a identidade do manifestante é "
        "informação pessoal protegida."
    ),
    "channels": "Formulário do Apoia, sem necessidade de cadastro.",
    "steps": [
        ("Registro da manifestação", "A manifestação recebe número de protocolo e prazo."),
        ("Análise pela ouvidoria", "A ouvidoria analisa e encaminha à área competente."),
        ("Resposta conclusiva", "A resposta é enviada em até 30 dias, prorrogáveis por 30."),
    ],
}

OMBUDSMAN_KINDS = [
    ("elogio", "Registrar um elogio", "Reconheça um atendimento ou serviço que funcionou bem."),
    ("sugestao", "Enviar uma sugestão", "Proponha uma melhoria nos serviços do Estado."),
    ("reclamacao", "Registrar uma reclamação", "Relate um serviço mal prestado ou não prestado."),
    (
        "denuncia",
        "Fazer uma denúncia",
        "Comunique uma irregularidade. A denúncia pode ser anônima.",
    ),
    ("solicitacao", "Fazer uma solicitação", "Peça a adoção de uma providência."),
]

SERVICES += [
    {
        **OMBUDSMAN_COMMON,
        "slug": f"ouvidoria-{slug}",
        "name": f"Ouvidoria — {name}",
        "summary": summary,
        "description": (
            f"{summary} A manifestação é registrada com número de protocolo e respondida pela "
            "ouvidoria no prazo legal."
        ),
        "requirements": "Descrever a manifestação com o máximo de detalhes possível.",
        "allows_anonymous": slug == "denuncia",
    }
    for slug, name, summary in OMBUDSMAN_KINDS
]

SERVICES += [
    {
        **OMBUDSMAN_COMMON,
        "slug": "acesso-a-informacao",
        "kind": ServiceKind.INFORMATION_REQUEST,
        "name": "Pedir acesso à informação (LAI)",
        "summary": "Peça qualquer informação pública produzida ou guardada pelo Estado.",
        "description": (
            "Pedido de acesso à informação pública, nos termos da Lei de Acesso à Informação. "
            "Não é preciso dizer por que você quer a informação."
        ),
        "requirements": "Identificação do requerente e especificação da informação pedida.",
        "deadline_amount": 20,
        "extension_amount": 10,
        "legal_basis": (
            "Lei nº 12.527/2011 (LAI), art. 11: resposta em até 20 dias, prorrogáveis por mais "
            "10 mediante justificativa expressa, da qual o requerente será cientificado."
        ),
        "steps": [
            ("Registro do pedido", "O pedido recebe número de protocolo e prazo."),
            ("Busca da informação", "A unidade que detém a informação a localiza."),
            ("Resposta", "Resposta em até 20 dias, prorrogáveis por 10."),
        ],
    },
    {
        "slug": "apoio-tecnico-individualizado-suas",
        "name": "Solicitar apoio técnico individualizado ao município (SUAS)",
        "kind": ServiceKind.SERVICE,
        "state": "MT",
        "summary": (
            "Orientação à gestão municipal da assistência social, na sede da SAAS/SETASC ou "
            "online, com agendamento prévio."
        ),
        "description": (
            "Atendimento aos municípios para orientação conjunta ou específica, na sede da "
            "Secretaria Adjunta de Assistência Social ou online, conforme agendamento prévio, "
            "quando demandado pelo município ou identificada a necessidade nas ações de "
            "acompanhamento (Resolução CIB/SUAS/MT nº 02/2022, art. 6º, II). O pedido é "
            "encaminhado à coordenadoria que responde pelo tema escolhido (art. 6º, VIII)."
        ),
        "requirements": "Pedido feito pela gestão municipal de assistência social.",
        "audiences": ["gestao-municipal-suas"],
        "themes": [],
        "deadline_amount": 10,
        "deadline_unit": DeadlineUnit.BUSINESS_DAYS,
        "first_contact_business_days": 2,
        "pauses_clock_when_waiting": True,
        "cost": "Sem custo",
        "steps": [
            ("Pedido", "O município escolhe o tema e sugere datas para o atendimento."),
            ("Encaminhamento", "O pedido vai para a coordenadoria que responde pelo tema."),
            ("Agendamento", "A coordenadoria aceita e agenda o atendimento, ou justifica."),
            ("Atendimento", "Atendimento presencial na SAAS/SETASC ou online."),
        ],
        "options": [
            (
                "vigilancia",
                "Vigilância Socioassistencial",
                "Diagnóstico, plano, Censo SUAS.",
                ["vigilancia-socioassistencial", "diagnostico-socioterritorial", "censo-suas"],
            ),
            (
                "gestao-trabalho",
                "Gestão do trabalho e educação permanente",
                "NEEP, SAA, CadSUAS.",
                ["educacao-permanente", "gestao-do-trabalho", "cadsuas"],
            ),
            (
                "regulacao-financeira",
                "Regulação e gestão financeira",
                "Fundo, orçamento, lei.",
                ["fundo-de-assistencia-social", "gestao-orcamentaria"],
            ),
            (
                "protecao-basica",
                "Proteção Social Básica",
                "PAIF, SCFV, equipes volantes.",
                ["paif", "scfv", "equipes-volantes"],
            ),
            (
                "media-complexidade",
                "Proteção Especial de Média Complexidade",
                "PAEFI, abordagem social, medidas socioeducativas.",
                ["paefi", "abordagem-social", "medidas-socioeducativas"],
            ),
            (
                "alta-complexidade",
                "Proteção Especial de Alta Complexidade",
                "Serviços de acolhimento.",
                ["servicos-de-acolhimento"],
            ),
            (
                "cadunico",
                "Cadastro Único e Auxílio Brasil",
                "CadÚnico, CECAD, SIGPBF, SICON.",
                ["cadunico", "programa-auxilio-brasil", "cecad"],
            ),
            (
                "beneficios",
                "Benefícios socioassistenciais",
                "Benefícios eventuais e BPC.",
                ["beneficios-eventuais", "bpc"],
            ),
            (
                "programas",
                "Programas e projetos",
                "Criança Feliz, PETI, Acessuas Trabalho.",
                ["crianca-feliz", "peti", "acessuas-trabalho"],
            ),
        ],
        "contact_email": "saas@setasc.mt.gov.br",
        "contact_phone": "(65) 3613-5712",
        "contact_info": "",
        "responsible_unit": "mt-saas",
        "allows_public_submission": False,
        "allows_anonymous": False,
        "legal_basis": "Resolução CIB/SUAS/MT nº 02, de 18 de março de 2022, art. 6º, II e VIII.",
        "channels": "Formulário do Apoia (ponto focal municipal).",
    },
]


def _upsert_service(entry: dict, audiences: dict[str, Audience], themes: dict[str, Theme]):
    fields = {
        key: value
        for key, value in entry.items()
        if key not in {"slug", "state", "audiences", "themes", "steps", "options"}
    }
    # A unit not loaded yet leaves the service without one (or with the one set before)
    # rather than failing: accounts may load its units after a first catalog run.
    if unit := OrgUnit.objects.filter(slug=entry["responsible_unit"]).first():
        fields["responsible_unit"] = unit
    else:
        del fields["responsible_unit"]
    fields["state"] = State.objects.get(uf=entry["state"])
    fields["is_published"] = True
    service, _ = Service.objects.update_or_create(slug=entry["slug"], defaults=fields)
    service.audiences.set([audiences[slug] for slug in entry["audiences"]])
    service.themes.set([themes[slug] for slug in entry["themes"]])

    for order, (title, description) in enumerate(entry["steps"], start=1):
        ServiceStep.objects.update_or_create(
            service=service, order=order, defaults={"title": title, "description": description}
        )
    service.steps.filter(order__gt=len(entry["steps"])).delete()

    for order, (slug, name, description, *routing) in enumerate(entry["options"], start=1):
        option, _ = ServiceOption.objects.update_or_create(
            service=service,
            slug=slug,
            defaults={"name": name, "description": description, "order": order},
        )
        if routing:
            # Themes route the option to the unit that answers for them (seed 003, Art. 6, VIII).
            option.themes.add(*Theme.objects.filter(slug__in=routing[0]))
    return service


@transaction.atomic
def load_catalog() -> int:
    """Create or update the reference services; safe to run again. Returns how many."""
    audiences = {
        slug: Audience.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUDIENCES.items()
    }
    # Themes belong to accounts and may have been renamed there: only create missing ones.
    themes = {
        slug: Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES.items()
    }
    for entry in SERVICES:
        _upsert_service(entry, audiences, themes)
    return len(SERVICES)
