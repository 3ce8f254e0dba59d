"""Demo data of the registry area: records and leaders of the demo organizations and one
change proposed by osc@apoia.demo, so the review queue is not empty."""

import datetime

from apoia.accounts.demo_organizations import demo_organization
from apoia.accounts.models import User
from apoia.society import reference_registry
from apoia.society.models.registry import (
    AreaOfWork,
    ChangeStatus,
    Leader,
    OrganizationChange,
    OrganizationRecord,
)

D = datetime.date

# key, legal nature, address, areas, founded, leaders (name, position, fake valid CPF)
RECORDS = [
    (
        "demo",
        "Associação privada",
        "Rua das Flores, 100, Centro",
        ["assistencia-social", "defesa-direitos"],
        D(2009, 5, 12),
        [
            ("Osvaldo Santos", "Presidente", "52998224725"),
            ("Rita Lima", "Tesoureira", "11144477735"),
        ],
    ),
    (
        "apae-dourados",
        "Associação privada",
        "Avenida Marcelino Pires, 2000",
        ["saude", "educacao-pesquisa"],
        D(1978, 3, 2),
        [("Helena Duarte", "Presidente", "39053344705")],
    ),
    (
        "coop-corumba",
        "Cooperativa",
        "Rua Frei Mariano, 45",
        ["desenvolvimento-rural"],
        D(2015, 8, 20),
        [("João Pantanal", "Diretor-presidente", "15350946056")],
    ),
]


def load() -> list[str]:
    reference_registry.load()
    lines = []
    for key, nature, address, areas, founded, leaders in RECORDS:
        org = demo_organization(key)
        record, _ = OrganizationRecord.objects.update_or_create(
            organization=org,
            defaults={"legal_nature": nature, "address": address, "founded_on": founded},
        )
        record.areas.set(AreaOfWork.objects.filter(slug__in=areas))
        for name, position, cpf in leaders:
            Leader.objects.update_or_create(
                organization=org,
                name=name,
                defaults={
                    "position": position,
                    "cpf": cpf,
                    "mandate_start": D(2024, 1, 1),
                    "mandate_end": D(2027, 12, 31),
                },
            )
        lines.append(f"registry: {org.name} (/organizacoes/{org.pk}/)")
    org = demo_organization("demo")
    proposer = User.objects.filter(email="osc@apoia.demo").first()
    if (
        proposer
        and not OrganizationChange.objects.filter(
            organization=org, status=ChangeStatus.PENDING
        ).exists()
    ):
        from apoia.society.services_registry import snapshot

        previous = snapshot(org)
        OrganizationChange.objects.create(
            organization=org,
            previous=previous,
            proposed={**previous, "address": "Rua das Flores, 250, Centro"},
            proposed_by=proposer,
        )
        lines.append("registry: uma alteração aguardando análise (/organizacoes/alteracoes/)")
    return lines
