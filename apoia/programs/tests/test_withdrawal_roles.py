"""A withdrawal takes back the municipal role only when an adhesion gave it (issue 9, item 2)."""

import pytest
from django.urls import reverse

from apoia.accounts.models import Membership, Role, User
from apoia.accounts.services import ensure_membership
from apoia.programs import services
from apoia.programs.models import Adhesion, Phase, PhaseStatus
from apoia.protocol import services as protocol_services
from apoia.territory.models import Municipality

pytestmark = pytest.mark.usefixtures("march_18_2026")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
RENATA = "renata.lima@exemplo.ms.gov.br"
CAMPO_GRANDE = 5002704


def accept(req, by):
    protocol_services.decide(req, accepted=True, by=by)
    return Adhesion.objects.get(request=req)


def has_role(email: str) -> bool:
    return Membership.objects.filter(
        user__email=email, role=Role.MUNICIPAL, municipality_id=CAMPO_GRANDE
    ).exists()


def test_withdrawal_takes_back_the_role_the_adhesion_gave(file_adhesion, segem_coordinator):
    adhesion = accept(file_adhesion(), segem_coordinator)

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão.", by=segem_coordinator)

    assert has_role(RENATA) is False


def test_the_account_stays_after_the_withdrawal(file_adhesion, segem_coordinator):
    adhesion = accept(file_adhesion(), segem_coordinator)

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão.", by=segem_coordinator)

    assert User.objects.filter(email=RENATA).exists()


def test_withdrawal_keeps_a_role_held_before_the_adhesion(file_adhesion, segem_coordinator):
    renata = User.objects.create_user(email=RENATA, password=None, full_name="Renata Lima")
    ensure_membership(
        renata, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=CAMPO_GRANDE)
    )
    adhesion = accept(file_adhesion(), segem_coordinator)

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão.", by=segem_coordinator)

    assert has_role(RENATA) is True


def test_withdrawal_keeps_the_role_of_the_one_who_filed_it_as_focal_point(
    file_adhesion, segem_coordinator, mario
):
    adhesion = accept(
        file_adhesion(
            focal_points=[
                services.FocalPointData(name="Mário Mendes", role="Secretário", email=mario.email)
            ]
        ),
        segem_coordinator,
    )

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão.", by=segem_coordinator)

    assert has_role(mario.email) is True


@pytest.fixture
def phase_4(ms_ativo):
    return Phase.objects.create(
        program=ms_ativo, slug="fase-4", name="Fase 4", order=4, status=PhaseStatus.ADHESION
    )


def test_withdrawal_keeps_the_role_while_another_adhesion_names_the_focal_point(
    file_adhesion, segem_coordinator, phase_4
):
    old = accept(file_adhesion(), segem_coordinator)
    services.renew_adhesion(old, phase=phase_4, by=segem_coordinator)

    services.withdraw_adhesion(old, reason="Encerrada a fase.", by=segem_coordinator)

    assert has_role(RENATA) is True


def test_withdrawing_the_last_adhesion_that_names_her_takes_back_the_role(
    file_adhesion, segem_coordinator, phase_4
):
    old = accept(file_adhesion(), segem_coordinator)
    renewal = services.renew_adhesion(old, phase=phase_4, by=segem_coordinator)
    services.withdraw_adhesion(old, reason="Encerrada a fase.", by=segem_coordinator)

    services.withdraw_adhesion(renewal, reason="Mudança de gestão.", by=segem_coordinator)

    assert has_role(RENATA) is False


def test_a_focal_point_who_loses_the_role_by_withdrawing_lands_on_the_program_page(
    client, file_adhesion, segem_coordinator
):
    adhesion = accept(file_adhesion(), segem_coordinator)
    client.force_login(User.objects.get(email=RENATA), backend=MODEL_BACKEND)

    response = client.post(
        reverse("programs:withdraw", args=[adhesion.pk]), {"reason": "Mudança de gestão."}
    )

    assert (response.status_code, response["Location"]) == (302, "/programas/ms-ativo/")
