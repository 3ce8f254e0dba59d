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

    for order, (slug, name, description) in enumerate(entry["options"], start=1):
        ServiceOption.objects.update_or_create(
            service=service,
            slug=slug,
            defaults={"name": name, "description": description, "order": order},
        )
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
