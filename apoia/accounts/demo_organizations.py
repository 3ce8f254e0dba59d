"""The demo organizations every area of society's demo uses (created here once, by key), so
the registry, the checklists, the councils and the partnerships show the same organizations.

The representative `osc@apoia.demo` holds the accounts demo's organization (key "demo")."""

from dataclasses import dataclass

from apoia.accounts.demo import DEMO_ORGANIZATION_CNPJ, DEMO_ORGANIZATION_NAME
from apoia.accounts.documents import complete_cnpj
from apoia.accounts.models import Organization, OrganizationKind
from apoia.territory.models import Municipality

K = OrganizationKind


@dataclass(frozen=True)
class DemoOrganization:
    key: str
    name: str
    kind: str
    ibge: int
    cnpj: str  # "" for an informal collective
    email: str = ""
    phone: str = ""


ORGANIZATIONS = (
    DemoOrganization(
        "demo", DEMO_ORGANIZATION_NAME, K.ASSOCIATION, 5002704, DEMO_ORGANIZATION_CNPJ
    ),
    DemoOrganization(
        "apae-dourados",
        "Associação de Pais e Amigos dos Excepcionais de Dourados",
        K.OSC,
        5003702,
        complete_cnpj("031415920001"),
        "contato@apae-dourados.org.br",
        "(67) 3422-0000",
    ),
    DemoOrganization(
        "coop-corumba",
        "Cooperativa de Catadores de Materiais Recicláveis de Corumbá",
        K.COOPERATIVE,
        5003207,
        complete_cnpj("271828180001"),
        "coopcorumba@exemplo.org.br",
    ),
    DemoOrganization(
        "fundacao-tres-lagoas",
        "Fundação Educacional do Bolsão",
        K.FOUNDATION,
        5008305,
        complete_cnpj("161803390001"),
        "secretaria@fundacaobolsao.org.br",
    ),
    DemoOrganization(
        "pastoral-cg",
        "Pastoral da Criança — Arquidiocese de Campo Grande",
        K.RELIGIOUS,
        5002704,
        complete_cnpj("141421350001"),
        "pastoral.cg@exemplo.org.br",
    ),
    DemoOrganization(
        "coletivo-cg", "Coletivo Mulheres do Jardim Noroeste", K.COLLECTIVE, 5002704, ""
    ),
    DemoOrganization(
        "instituto-cuiaba",
        "Instituto Cuiabano de Assistência Social",
        K.OSC,
        5103403,
        complete_cnpj("173205080001"),
        "contato@icas.org.br",
        "(65) 3624-0000",
    ),
    DemoOrganization(
        "associacao-varzea",
        "Associação Comunitária do Bairro Cristo Rei",
        K.ASSOCIATION,
        5108402,
        complete_cnpj("223606790001"),
    ),
    DemoOrganization(
        "movimento-rondonopolis",
        "Movimento pela Moradia de Rondonópolis",
        K.MOVEMENT,
        5107602,
        complete_cnpj("264575130001"),
    ),
)


def demo_organization(key: str) -> Organization:
    """The demo organization of `key`, created on first use (same row on every run)."""
    data = next(o for o in ORGANIZATIONS if o.key == key)
    municipality = Municipality.objects.get(ibge=data.ibge)
    if data.cnpj:
        organization, _ = Organization.objects.get_or_create(
            cnpj=data.cnpj,
            defaults={
                "name": data.name,
                "kind": data.kind,
                "municipality": municipality,
                "email": data.email,
                "phone": data.phone,
            },
        )
    else:
        organization, _ = Organization.objects.get_or_create(
            name=data.name,
            cnpj="",
            municipality=municipality,
            defaults={"kind": data.kind, "email": data.email, "phone": data.phone},
        )
    return organization


def all_demo_organizations() -> list[Organization]:
    return [demo_organization(o.key) for o in ORGANIZATIONS]
