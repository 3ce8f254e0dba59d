import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apoia.accounts.models import Membership, Role, User
from apoia.programs import services
from apoia.programs.models import Adhesion, AdhesionApplication, AdhesionStatus, FocalPoint
from apoia.protocol import services as protocol_services
from apoia.protocol.models import RefusalReason, ServiceRequest, Status

pytestmark = pytest.mark.usefixtures("march_18_2026")


def accept(req, by):
    return protocol_services.decide(req, accepted=True, by=by)


def test_the_request_is_a_protocol_request_of_the_adhesion_service_with_its_application(
    file_adhesion,
):
    req = file_adhesion()

    assert (req.service.slug, req.status, req.municipality_id, req.due_date) == (
        "adesao-ms-ativo",
        Status.RECEIVED,
        5002704,
        dt.date(2026, 4, 1),
    )
    application = AdhesionApplication.objects.get(request=req)
    assert (application.phase.slug, application.queued, application.focal_points) == (
        "fase-3",
        False,
        [
            {
                "name": "Renata Lima",
                "role": "Secretária de Planejamento",
                "email": "renata.lima@exemplo.ms.gov.br",
                "phone": "(67) 3314-0000",
            }
        ],
    )


def test_accepting_creates_exactly_one_active_adhesion_with_its_focal_points(
    file_adhesion, segem_coordinator
):
    req = file_adhesion()

    accept(req, segem_coordinator)

    adhesion = Adhesion.objects.get()
    assert (
        adhesion.municipality_id,
        adhesion.phase.slug,
        adhesion.status,
        adhesion.since,
        adhesion.request_id,
    ) == (5002704, "fase-3", AdhesionStatus.ACTIVE, dt.date(2026, 3, 18), req.pk)
    assert list(adhesion.focal_points.values_list("name", "role")) == [
        ("Renata Lima", "Secretária de Planejamento")
    ]


def test_a_failure_while_creating_the_adhesion_leaves_the_request_undecided(
    file_adhesion, segem_coordinator, monkeypatch
):
    req = file_adhesion()

    def broken(*args, **kwargs):
        raise RuntimeError("falha simulada")

    monkeypatch.setattr("apoia.programs.services.adhesion._link_accounts", broken)
    with pytest.raises(RuntimeError):
        accept(req, segem_coordinator)

    req.refresh_from_db()
    assert (req.status, req.decided_at, Adhesion.objects.count(), FocalPoint.objects.count()) == (
        Status.RECEIVED,
        None,
        0,
        0,
    )


def test_a_refusal_keeps_its_justification_and_creates_no_adhesion(
    file_adhesion, segem_coordinator
):
    req = file_adhesion()

    protocol_services.decide(
        req,
        accepted=False,
        by=segem_coordinator,
        reason=RefusalReason.NOT_ELIGIBLE,
        justification="O termo não foi assinado pelo prefeito.",
    )

    req.refresh_from_db()
    assert (req.status, req.decision_justification, Adhesion.objects.count()) == (
        Status.REFUSED,
        "O termo não foi assinado pelo prefeito.",
        0,
    )


def test_a_second_request_for_an_adhered_phase_is_refused_at_the_form(
    file_adhesion, segem_coordinator
):
    accept(file_adhesion(), segem_coordinator)

    with pytest.raises(ValidationError) as exc:
        file_adhesion()

    assert exc.value.message_dict == {"phase": ["Campo Grande já aderiu à Fase 3 deste programa."]}


def test_a_second_request_while_the_first_is_pending_is_refused(file_adhesion):
    first = file_adhesion()

    with pytest.raises(ValidationError) as exc:
        file_adhesion()

    assert exc.value.message_dict == {
        "phase": [
            "Já há um pedido de adesão de Campo Grande a esta fase em análise (protocolo "
            f"{first.protocol})."
        ]
    }


def test_accepting_a_duplicate_is_refused_and_the_request_stays_undecided(
    file_adhesion, segem_coordinator, phase_3
):
    req = file_adhesion()
    Adhesion.objects.create(
        program=phase_3.program,
        phase=phase_3,
        municipality=req.municipality,
        since=dt.date(2026, 3, 2),
    )

    with pytest.raises(ValidationError) as exc:
        accept(req, segem_coordinator)

    assert exc.value.message_dict == {
        "phase": [
            "Campo Grande já aderiu à Fase 3 deste programa; recuse este pedido como duplicado."
        ]
    }
    req.refresh_from_db()
    assert (req.status, Adhesion.objects.count()) == (Status.RECEIVED, 1)


def test_focal_points_get_the_municipal_role_of_the_municipality_new_accounts_without_password(
    file_adhesion, segem_coordinator, mario
):
    req = file_adhesion(
        focal_points=[
            services.FocalPointData(name="Renata Lima", role="Secretária", email="Renata@X.gov.br"),
            services.FocalPointData(name="Mário", role="Assessor", email=mario.email),
        ]
    )

    accept(req, segem_coordinator)

    renata = User.objects.get(email="renata@x.gov.br")
    assert (renata.full_name, renata.has_usable_password()) == ("Renata Lima", False)
    assert sorted(
        Membership.objects.filter(role=Role.MUNICIPAL, municipality=5002704).values_list(
            "user__email", flat=True
        )
    ) == ["mario@apoia.test", "renata@x.gov.br"]
    assert FocalPoint.objects.get(name="Mário").user == mario


def test_only_focal_points_of_the_municipality_may_request(file_adhesion, coordinator):
    with pytest.raises(PermissionDenied):
        file_adhesion(by=coordinator)
    assert ServiceRequest.objects.count() == 0


def test_the_mayors_declaration_and_a_focal_point_are_required(file_adhesion):
    with pytest.raises(ValidationError) as exc:
        file_adhesion(mayor_declaration=False, focal_points=[services.FocalPointData()])

    assert exc.value.message_dict == {
        "focal_points": ["Indique pelo menos um ponto focal."],
        "mayor_declaration": [
            "A adesão é voluntária: o(a) prefeito(a) precisa aceitar a declaração."
        ],
    }


def test_a_request_after_the_window_closed_is_queued_for_the_next_phase(
    file_adhesion, segem_coordinator, ms_ativo, phase_3
):
    from apoia.programs.models import Phase, PhaseStatus

    phase_3.adhesion_closes = dt.date(2026, 3, 10)
    phase_3.status = PhaseStatus.RUNNING
    phase_3.save()
    phase_4 = Phase.objects.create(program=ms_ativo, slug="fase-4", name="Fase 4", order=4)

    accept(file_adhesion(), segem_coordinator)

    adhesion = Adhesion.objects.get()
    assert (adhesion.phase, adhesion.status) == (phase_4, AdhesionStatus.QUEUED)


def test_opening_the_next_phase_activates_the_adhesions_queued_for_it(
    file_adhesion, segem_coordinator, ms_ativo, phase_3
):
    from apoia.programs.models import Phase, PhaseStatus

    phase_3.adhesion_closes = dt.date(2026, 3, 10)
    phase_3.save()
    phase_4 = Phase.objects.create(program=ms_ativo, slug="fase-4", name="Fase 4", order=4)
    accept(file_adhesion(), segem_coordinator)

    services.update_phase(phase_4, by=segem_coordinator, status=PhaseStatus.ADHESION)

    assert list(Adhesion.objects.values_list("phase__slug", "status")) == [
        ("fase-4", AdhesionStatus.ACTIVE)
    ]


def test_renewal_links_the_new_adhesion_to_the_old_with_the_same_focal_points(
    file_adhesion, segem_coordinator, ms_ativo
):
    from apoia.programs.models import Phase, PhaseStatus

    accept(file_adhesion(), segem_coordinator)
    old = Adhesion.objects.get()
    phase_4 = Phase.objects.create(
        program=ms_ativo, slug="fase-4", name="Fase 4", order=4, status=PhaseStatus.ADHESION
    )

    renewal = services.renew_adhesion(old, phase=phase_4, by=segem_coordinator)

    assert (renewal.renewed_from, renewal.phase, renewal.status) == (
        old,
        phase_4,
        AdhesionStatus.ACTIVE,
    )
    assert list(renewal.focal_points.values_list("email", flat=True)) == [
        "renata.lima@exemplo.ms.gov.br"
    ]


def test_withdrawal_keeps_the_adhesion_with_its_reason(file_adhesion, segem_coordinator, mario):
    accept(file_adhesion(), segem_coordinator)
    adhesion = Adhesion.objects.get()

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão municipal.", by=mario)

    adhesion.refresh_from_db()
    assert (adhesion.status, adhesion.withdrawal_reason, adhesion.withdrawn_by) == (
        AdhesionStatus.WITHDRAWN,
        "Mudança de gestão municipal.",
        mario,
    )


def test_withdrawal_needs_a_reason(file_adhesion, segem_coordinator, mario):
    accept(file_adhesion(), segem_coordinator)

    with pytest.raises(ValidationError) as exc:
        services.withdraw_adhesion(Adhesion.objects.get(), reason="  ", by=mario)

    assert exc.value.message_dict == {"reason": ["Informe o motivo da desistência."]}


def test_the_history_records_who_withdrew(file_adhesion, segem_coordinator, mario):
    accept(file_adhesion(), segem_coordinator)
    adhesion = Adhesion.objects.get()

    services.withdraw_adhesion(adhesion, reason="Mudança de gestão municipal.", by=mario)

    assert [(h.history_type, h.status, h.history_user) for h in adhesion.history.all()] == [
        ("~", "withdrawn", mario),
        ("+", "active", segem_coordinator),
    ]
