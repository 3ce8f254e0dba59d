"""Demo data of the councils area: the CMAS of Campo Grande (MS) and the CEAS of Mato Grosso,
six parity seats each (civil-society seats held by demo organizations), titular and
alternate mandates dated from today (one ending within 60 days, so the digest has a line),
one past meeting with attendance and approved minutes, and one resolution. Fictional names.
Idempotent: keyed on the council's name, the seat's label and the person's name."""

import datetime as dt

from django.utils import timezone

from apoia.accounts.demo_organizations import demo_organization
from apoia.society.models.councils import (
    Council,
    CouncilAttendance,
    CouncilMeeting,
    Mandate,
    MandateRole,
    Resolution,
    Seat,
    Segment,
)
from apoia.territory.models import Municipality, State

G, C = Segment.GOVERNMENT, Segment.CIVIL_SOCIETY

# name, acronym, uf, municipality (IBGE or None), legal basis, seats:
# (segment, label, organization key or None, titular, alternate, titular ends in N days)
COUNCILS = [
    (
        "Conselho Municipal de Assistência Social de Campo Grande",
        "CMAS",
        "MS",
        5002704,
        "Lei Municipal nº 3.456, de 12 de março de 1996",
        [
            (
                G,
                "Secretaria Municipal de Assistência Social",
                None,
                "Marta Valadares",
                "Caio Rezende",
                420,
            ),
            (G, "Secretaria Municipal de Saúde", None, "Lúcia Fonseca", "Breno Amaral", 45),
            (G, "Secretaria Municipal de Educação", None, "Denise Prado", "Hugo Tavares", 420),
            (
                C,
                "Entidades de assistência social",
                "demo",
                "Sônia Albuquerque",
                "Renato Viana",
                420,
            ),
            (
                C,
                "Usuários da assistência social",
                "coletivo-cg",
                "Jussara Nogueira",
                "Alex Moura",
                420,
            ),
            (C, "Trabalhadores do SUAS", "pastoral-cg", "Paulo Queiroz", "Ivone Barreto", 420),
        ],
    ),
    (
        "Conselho Estadual de Assistência Social de Mato Grosso",
        "CEAS-MT",
        "MT",
        None,
        "Lei Estadual nº 6.688, de 28 de dezembro de 1995",
        [
            (
                G,
                "Secretaria de Estado de Assistência Social",
                None,
                "Regina Castilho",
                "Otávio Lins",
                540,
            ),
            (G, "Secretaria de Estado de Saúde", None, "Fábio Arruda", "Célia Macedo", 540),
            (G, "Secretaria de Estado de Educação", None, "Vera Paranhos", "Diogo Serra", 540),
            (
                C,
                "Entidades de assistência social",
                "instituto-cuiaba",
                "Lívia Campos",
                "Mauro Teles",
                540,
            ),
            (C, "Organizações comunitárias", "associacao-varzea", "Edna Falcão", "Gil Rocha", 540),
            (
                C,
                "Movimentos de usuários",
                "movimento-rondonopolis",
                "Nair Bastos",
                "Túlio Rangel",
                540,
            ),
        ],
    ),
]
MANDATE_DAYS = 730  # two-year mandates


def _council(name, acronym, uf, ibge, legal_basis) -> Council:
    council, _ = Council.objects.update_or_create(
        name=name,
        defaults={
            "acronym": acronym,
            "state": State.objects.get(uf=uf),
            "municipality": Municipality.objects.get(ibge=ibge) if ibge else None,
            "legal_basis": legal_basis,
            "policy_area": "Assistência social",
            "requires_parity": True,
        },
    )
    return council


def _mandate(seat, role, person, ends_on) -> Mandate:
    mandate, _ = Mandate.objects.get_or_create(
        seat=seat,
        role=role,
        person_name=person,
        defaults={
            "starts_on": ends_on - dt.timedelta(days=MANDATE_DAYS),
            "ends_on": ends_on,
            "act": "Decreto de nomeação (demonstração)",
        },
    )
    return mandate


def _meeting(council, today, attending) -> CouncilMeeting:
    day = today - dt.timedelta(days=20)
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))
    meeting, _ = CouncilMeeting.objects.get_or_create(
        council=council,
        agenda="1. Aprovação do plano anual de assistência social.\n2. Informes da secretaria.",
        defaults={
            "kind": CouncilMeeting.Kind.ORDINARY,
            "starts_at": starts_at,
            "place": "Sala dos Conselhos",
            "minutes": (
                "Aberta a sessão com quórum, a plenária aprovou por unanimidade o plano anual "
                "de assistência social. A secretaria apresentou os informes do trimestre."
            ),
            "minutes_approved_on": today - dt.timedelta(days=5),
        },
    )
    for mandate in attending:
        CouncilAttendance.objects.get_or_create(meeting=meeting, mandate=mandate)
    Resolution.objects.get_or_create(
        council=council,
        year=day.year,
        number=3,
        defaults={
            "meeting": meeting,
            "issued_on": day,
            "summary": "Aprova o plano anual de assistência social.",
        },
    )
    return meeting


def load() -> list[str]:
    today = timezone.localdate()
    lines = []
    for name, acronym, uf, ibge, legal_basis, seats in COUNCILS:
        council = _council(name, acronym, uf, ibge, legal_basis)
        attending = []
        for order, (segment, label, org_key, titular, alternate, days) in enumerate(seats, 1):
            seat, _ = Seat.objects.update_or_create(
                council=council,
                label=label,
                defaults={
                    "segment": segment,
                    "organization": demo_organization(org_key) if org_key else None,
                    "order": order,
                },
            )
            ends_on = today + dt.timedelta(days=days)
            holder = _mandate(seat, MandateRole.TITULAR, titular, ends_on)
            sitting_in = _mandate(seat, MandateRole.ALTERNATE, alternate, ends_on)
            # Four titulars attended; on the fifth seat the alternate sat in; one seat empty.
            if order <= 4:
                attending.append(holder)
            elif order == 5:
                attending.append(sitting_in)
        meeting = _meeting(council, today, attending)
        lines.append(
            f"councils: {council.name} (/conselhos/{council.pk}/, "
            f"reunião /conselhos/{council.pk}/reunioes/{meeting.pk}/)"
        )
    return lines
