"""Reference data of the parliamentary demands: the desk unit and the catalog service.

Seed 004 names the unit that follows the legislature for the Secretaria-Executiva de Gestão
Estratégica e Municipalismo: its "Superintendência de Acompanhamento Legislativo". A
legislator's request is filed as a protocol request of the catalog service
`demanda-parlamentar`, answered by that unit within a deadline in business days.

`load()` uses the functions that load the accounts' units and the catalog's services, so a
second run updates in place and duplicates nothing. Slugs are a contract; never rename one.
"""

from django.db import transaction
from django.utils.text import slugify

from apoia.accounts.models import OrgUnit, OrgUnitKind, Theme
from apoia.accounts.reference import UnitData, _save_unit, ensure_unit, theme_for
from apoia.catalog.models import Audience, Service, ServiceKind
from apoia.catalog.reference import _upsert_service
from apoia.territory.models import DeadlineUnit, State

DESK_SLUG = "ms-segem-sal"
SERVICE_SLUG = "demanda-parlamentar"
DEADLINE_BUSINESS_DAYS = 15

DESK = UnitData(
    slug=DESK_SLUG,
    uf="MS",
    parent="ms-segem",
    name="Superintendência de Acompanhamento Legislativo",
    acronym="SAL",
    kind=OrgUnitKind.SUPERINTENDENCY,
    protocol_code="50005",
    themes=("Acompanhamento legislativo", "Demandas parlamentares"),
    description=(
        "Acompanha as proposições da Assembleia Legislativa e das câmaras municipais que "
        "afetam o Estado, reúne os pareceres das unidades e responde às demandas dos "
        "parlamentares."
    ),
)

AUDIENCES = {"parlamentares": "Parlamentares (deputados estaduais e vereadores)"}

SERVICE = {
    "slug": SERVICE_SLUG,
    "name": "Registrar demanda parlamentar",
    "kind": ServiceKind.PARLIAMENTARY_DEMAND,
    "state": "MS",
    "summary": (
        "Pedidos de deputados estaduais e vereadores ao Governo do Estado, com número de "
        "protocolo, prazo de resposta e acompanhamento."
    ),
    "description": (
        "O gabinete de um(a) parlamentar registra aqui o que pede ao Governo do Estado: "
        "informações, providências ou a posição do Estado sobre uma proposição. A "
        "Superintendência de Acompanhamento Legislativo recebe a demanda, encaminha-a às "
        "unidades competentes e responde no prazo, pelo mesmo protocolo."
    ),
    "requirements": (
        "Identificação do(a) parlamentar, do partido e da casa legislativa (Assembleia "
        "Legislativa ou câmara municipal, com o município)."
    ),
    "audiences": list(AUDIENCES),
    "themes": [slugify(theme) for theme in DESK.themes],
    "deadline_amount": DEADLINE_BUSINESS_DAYS,
    "deadline_unit": DeadlineUnit.BUSINESS_DAYS,
    "cost": "Sem custo",
    "steps": [
        (
            "Registro da demanda",
            "O gabinete informa o(a) parlamentar, a casa legislativa, o assunto e, quando "
            "houver, a proposição relacionada; a demanda recebe um número de protocolo com o "
            "prazo de resposta.",
        ),
        (
            "Análise pela Superintendência",
            "A Superintendência de Acompanhamento Legislativo aceita a demanda e a encaminha "
            "às unidades competentes, ou justifica a recusa.",
        ),
        (
            "Resposta ao gabinete",
            "A resposta é registrada no protocolo, que o gabinete acompanha pelo número.",
        ),
    ],
    "options": [],
    "contact_email": "",
    "contact_phone": "",
    "contact_info": "",
    "responsible_unit": DESK_SLUG,
    "allows_public_submission": False,
    "allows_anonymous": False,
    "legal_basis": "",
    "channels": "Formulário do Apoia e API (POST /api/v1/parliamentary-demands).",
}


def desk_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(slug=DESK_SLUG).first()


def demand_service() -> Service | None:
    return Service.objects.filter(slug=SERVICE_SLUG).select_related("state").first()


@transaction.atomic
def load() -> str:
    """Create or update the desk unit and the service; safe to run again."""
    state = State.objects.filter(uf=DESK.uf).first()
    if state is None:
        return "legislative demands: sem MS, nada a carregar"
    parent = ensure_unit(DESK.parent)
    _save_unit(DESK, parent, state)
    audiences = {
        slug: Audience.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUDIENCES.items()
    }
    themes: dict[str, Theme] = {theme.slug: theme for theme in map(theme_for, DESK.themes)}
    _upsert_service(SERVICE, audiences, themes)
    return f"legislative demands: {DESK.name} e o serviço {SERVICE['name']}"
