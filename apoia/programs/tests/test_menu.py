"""The action menu: saving an action with its deliveries, their validation and due dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.programs.models import Action, ActionDelivery, EvidenceType
from apoia.programs.services import menu as services
from apoia.programs.tests.menu_helpers import (
    challenge_for,
    idhm_e,
    program_and_phase,
    quantile_rule,
    toy_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase(state_ms, community_unit):
    toy_state(state_ms)
    return program_and_phase(state_ms, community_unit)[1]


def new_action(phase, unit, **fields):
    return Action(
        phase=phase,
        unit=unit,
        title=fields.pop("title", "Oficina de gestão escolar"),
        modality=fields.pop("modality", "in_person"),
        **fields,
    )


def delivery(**fields):
    return {
        "id": None,
        "title": "Oficina realizada",
        "weight": Decimal("2.5"),
        "due_offset_days": 30,
        "evidence_types": ["photo", "attendance_list"],
        "delete": False,
        **fields,
    }


def test_an_action_is_saved_with_its_deliveries_in_order(phase, community_unit, coordinator):
    action = services.save_action(
        new_action(phase, community_unit),
        challenges=[],
        deliveries=[delivery(), delivery(title="Plano escolar", evidence_types=["document"])],
        by=coordinator,
    )
    assert list(action.deliveries.values_list("title", "order", "evidence_types")) == [
        ("Oficina realizada", 0, ["photo", "attendance_list"]),
        ("Plano escolar", 1, ["document"]),
    ]


def test_an_unknown_evidence_type_is_refused(phase, community_unit, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.save_action(
            new_action(phase, community_unit),
            challenges=[],
            deliveries=[delivery(evidence_types=["selfie"])],
            by=coordinator,
        )
    assert caught.value.message_dict == {
        "evidence_types": ["Tipo de evidência desconhecido: selfie."]
    }
    assert Action.objects.count() == 0


def test_a_delivery_without_evidence_types_is_refused(phase, community_unit, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.save_action(
            new_action(phase, community_unit),
            challenges=[],
            deliveries=[delivery(evidence_types=[])],
            by=coordinator,
        )
    assert caught.value.message_dict == {
        "evidence_types": ["Escolha ao menos um tipo de evidência."]
    }


def test_a_weight_of_zero_is_refused(phase, community_unit, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.save_action(
            new_action(phase, community_unit),
            challenges=[],
            deliveries=[delivery(weight=Decimal("0"))],
            by=coordinator,
        )
    assert list(caught.value.message_dict) == ["weight"]


def test_an_action_needs_a_delivery(phase, community_unit, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.save_action(
            new_action(phase, community_unit), challenges=[], deliveries=[], by=coordinator
        )
    assert caught.value.messages == ["A ação precisa de ao menos uma entrega."]


def test_a_focal_only_action_needs_a_challenge(phase, community_unit, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.save_action(
            new_action(phase, community_unit, eligibility="focal_only"),
            challenges=[],
            deliveries=[delivery()],
            by=coordinator,
        )
    assert caught.value.message_dict == {
        "challenges": ["Uma ação só para municípios focais precisa de ao menos um desafio."]
    }


def test_editing_replaces_changes_and_deletes_deliveries(phase, community_unit, coordinator):
    challenge = challenge_for(phase, rule=quantile_rule(idhm_e(), 0.2))
    action = services.save_action(
        new_action(phase, community_unit),
        challenges=[challenge],
        deliveries=[delivery(title="A"), delivery(title="B")],
        by=coordinator,
    )
    first, second = action.deliveries.all()
    services.save_action(
        action,
        challenges=[challenge],
        deliveries=[
            delivery(id=first.pk, delete=True),
            delivery(id=second.pk, title="B revisada", due_offset_days=45),
            delivery(title="C", evidence_types=["link"]),
        ],
        by=coordinator,
    )
    assert list(action.deliveries.values_list("title", "due_offset_days", "order")) == [
        ("B revisada", 45, 0),
        ("C", 30, 1),
    ]


def test_only_the_managing_unit_edits_the_menu(phase, community_unit, ombudsman):
    with pytest.raises(PermissionDenied):
        services.save_action(
            new_action(phase, community_unit),
            challenges=[],
            deliveries=[delivery()],
            by=ombudsman,
        )


def test_a_due_offset_counts_business_days_of_the_municipality(phase):
    action = Action.objects.create(
        phase=phase, unit=phase.program.managing_unit, title="X", modality="online"
    )
    item = ActionDelivery.objects.create(
        action=action, title="Y", weight=1, due_offset_days=5, evidence_types=["link"]
    )
    alfa = phase.program.state.municipalities.get(ibge=5000001)
    # Approved on Thursday 14 November 2024: Friday 15 (Proclamação da República) and Wednesday
    # 20 November (Consciência Negra, national since 2024) are not business days: 18, 19, 21,
    # 22 and 25.
    assert services.delivery_due_date(item, dt.date(2024, 11, 14), alfa) == dt.date(2024, 11, 25)


def test_evidence_types_have_portuguese_labels():
    assert [str(label) for label in EvidenceType.labels] == [
        "Foto",
        "Ata",
        "Lista de presença",
        "Ofício",
        "Número de processo (SEI ou outro)",
        "Link",
        "Documento",
    ]


@pytest.fixture
def ms_reference(db):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.indicators.reference import load_indicators
    from apoia.programs.demo import ensure_program
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()
    load_indicators()
    return ensure_program()


def test_the_demo_menu_has_four_challenges_with_focal_municipalities_and_eight_actions(
    ms_reference,
):
    from apoia.programs.demo_menu import load_demo_menu
    from apoia.programs.queries_menu import challenges_of, focal_by_challenge, menu_of

    assert load_demo_menu() == "programs: 4 desafios e 8 ações de demonstração"
    phase = ms_reference.phases.get(slug="fase-3")
    challenges = list(challenges_of(ms_reference, phase))
    focal = focal_by_challenge(challenges)
    # 79 municipalities: a worst quintile is ceil(0.2 · 79) = 16 (more on ties at the cut);
    # the saved list's challenge takes its 12 first.
    assert [(c.slug, len(focal[c.pk]) >= 16 or len(focal[c.pk])) for c in challenges] == [
        ("atraso-escolar", True),
        ("educacao-infantil", True),
        ("saneamento", True),
        ("pobreza-extrema", 12),
    ]
    assert menu_of(ms_reference, phase).count() == 8
    assert load_demo_menu() == "programs: cardápio ok"
