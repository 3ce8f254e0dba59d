"""The request pipeline's service functions, on the real seeds."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apoia.accounts.models import Organization
from apoia.protocol import services
from apoia.protocol.models import EventKind, ProtocolSequence, ServiceRequest, Status
from apoia.protocol.numbering import parse_nup
from apoia.protocol.tests.conftest import local
from apoia.territory.models import NonBusinessDay


def test_submission_gets_a_nup_with_valid_check_digits_and_the_calendar_due_date(submit):
    req = submit(received_at=local("2026-11-19T15:30"))

    number = parse_nup(req.protocol)
    assert number is not None
    assert (number.unit, number.sequence, number.year) == ("50002", 1, 2026)
    assert req.due_date == dt.date(2026, 12, 4)
    assert req.status == Status.RECEIVED
    assert len(req.access_code) == 10


def test_the_due_date_uses_the_requesters_municipal_holidays(submit):
    from apoia.territory.models import Municipality

    NonBusinessDay.objects.create(
        date=dt.date(2027, 8, 26),
        name="Aniversário de Campo Grande",
        kind="municipal_holiday",
        municipality_id=5002704,
    )
    in_campo_grande = submit(received_at=local("2027-08-12T10:00"))
    in_dourados = submit(
        received_at=local("2027-08-12T10:00"),
        municipality=Municipality.objects.get(ibge=5003702),
        organization=None,
    )

    assert in_campo_grande.due_date == dt.date(2027, 8, 27)
    assert in_dourados.due_date == dt.date(2027, 8, 26)


def test_sequences_restart_each_year(submit):
    first_2026 = submit(received_at=local("2026-12-30T10:00"))
    second_2026 = submit(received_at=local("2026-12-30T11:00"))
    first_2027 = submit(received_at=local("2027-01-04T10:00"))

    assert [parse_nup(r.protocol).sequence for r in (first_2026, second_2026, first_2027)] == [
        1,
        2,
        1,
    ]


def test_routing_uses_the_option_themes_of_seed_003(seeds):
    from apoia.catalog.models import Service
    from apoia.territory.models import Municipality

    service = Service.objects.get(slug="apoio-tecnico-individualizado-suas")
    req = services.submit_request(
        service=service,
        option=service.options.get(slug="cadunico"),
        description="Dúvidas sobre a averiguação cadastral do CadÚnico.",
        municipality=Municipality.objects.get(ibge=5103403),
        by=_municipal_user_of(5103403),
    )

    assert req.unit.slug == "mt-ccadunico"
    assert [e.kind for e in req.events.all()] == [EventKind.SUBMITTED, EventKind.ROUTED]


def _municipal_user_of(ibge):
    from apoia.accounts.models import Membership, User

    user = User.objects.create_user(
        email=f"pf{ibge}@prefeitura.gov.br", password="x-senha-1", full_name="Ponto Focal"
    )
    Membership.objects.create(user=user, role="municipal", municipality_id=ibge)
    return user


def test_invalid_submission_reports_every_field_and_saves_nothing(submit):
    with pytest.raises(ValidationError) as error:
        submit(
            requester=services.RequesterData(name="", email="não-é-email", document="123"),
            organization=services.OrganizationData(name="Assoc", cnpj="11.111.111/1111-11"),
            option=None,
            description="curta",
        )

    assert set(error.value.message_dict) == {
        "requester.name",
        "requester.email",
        "requester.document",
        "organization.cnpj",
        "option",
        "description",
    }
    assert ServiceRequest.objects.count() == 0
    assert Organization.objects.count() == 0
    assert ProtocolSequence.objects.count() == 0


def test_a_service_that_requires_login_refuses_an_anonymous_visitor(seeds):
    from apoia.catalog.models import Service

    service = Service.objects.get(slug="adesao-ms-ativo")
    with pytest.raises(ValidationError) as error:
        services.submit_request(
            service=service,
            description="Queremos aderir ao programa.",
            requester=services.RequesterData(
                name="Fulano", email="f@example.org", document="52998224725"
            ),
        )
    assert error.value.message_dict["requester"] == ["Entre com sua conta para pedir este serviço."]


def test_refusal_without_justification_is_rejected(submit, coordinator):
    req = submit()

    with pytest.raises(ValidationError) as error:
        services.decide(
            req, accepted=False, reason="out_of_scope", justification=" ", by=coordinator
        )

    assert error.value.message_dict == {
        "justification": ["A recusa exige uma justificativa por escrito."]
    }
    req.refresh_from_db()
    assert req.status == Status.RECEIVED


def test_refusal_with_justification_can_be_appealed_once(submit, coordinator):
    req = submit()
    services.decide(
        req,
        accepted=False,
        reason="out_of_scope",
        justification="O pedido trata de saúde, não de associativismo.",
        by=coordinator,
    )
    services.appeal(req, text="O pedido é de formação da diretoria.", holds_code=True)

    assert req.status == Status.APPEALED
    with pytest.raises(services.TransitionError):
        services.decide(
            req, accepted=False, reason="other", justification="Mantida.", by=coordinator
        )
        services.appeal(req, text="De novo.", holds_code=True)
    assert ServiceRequest.objects.get().status == Status.REFUSED


@time_machine.travel(local("2026-11-19T16:00"), tick=False)
def test_accepting_with_a_technician_sets_the_first_contact_deadline(
    submit, coordinator, technician
):
    req = submit(received_at=local("2026-11-19T15:30"))

    services.decide(req, accepted=True, by=coordinator, assignee=technician)

    req.refresh_from_db()
    assert req.status == Status.IN_PROGRESS
    assert req.assignee == technician
    # Accepted on Thursday; Friday 20 November is a national holiday (Consciência Negra).
    assert req.first_contact_due == dt.date(2026, 11, 24)


def test_adopting_a_closure_day_on_a_due_date_moves_it_and_says_why(
    submit, django_capture_on_commit_callbacks
):
    from apoia.territory.models import State
    from apoia.territory.services import add_non_business_day

    req = submit(received_at=local("2026-11-19T15:30"))
    assert req.due_date == dt.date(2026, 12, 4)

    with django_capture_on_commit_callbacks(execute=True):
        add_non_business_day(
            date=dt.date(2026, 12, 4),
            name="Ponto facultativo — decreto estadual",
            kind="closure",
            state=State.objects.get(uf="MS"),
        )

    req.refresh_from_db()
    assert req.due_date == dt.date(2026, 12, 7)
    moved = req.events.get(kind=EventKind.DUE_MOVED)
    assert moved.text == (
        "04/12/2026 deixou de ser dia útil (Ponto facultativo — decreto estadual); "
        "o prazo passou para 07/12/2026."
    )
    assert moved.is_internal is False


def test_a_closure_in_another_state_leaves_the_due_date_alone(
    submit, django_capture_on_commit_callbacks
):
    from apoia.territory.models import State
    from apoia.territory.services import add_non_business_day

    req = submit(received_at=local("2026-11-19T15:30"))
    with django_capture_on_commit_callbacks(execute=True):
        add_non_business_day(
            date=dt.date(2026, 12, 4),
            name="Ponto",
            kind="closure",
            state=State.objects.get(uf="MT"),
        )

    req.refresh_from_db()
    assert req.due_date == dt.date(2026, 12, 4)


@time_machine.travel(local("2026-03-18T10:00"), tick=False)
def test_paused_clock_gives_back_the_business_days_spent_waiting(seeds, admin_user):
    from apoia.catalog.models import Service
    from apoia.territory.models import Municipality

    service = Service.objects.get(slug="apoio-tecnico-individualizado-suas")
    req = services.submit_request(
        service=service,
        option=service.options.get(slug="vigilancia"),
        description="Orientação sobre o diagnóstico socioterritorial.",
        municipality=Municipality.objects.get(ibge=5103403),
        by=_municipal_user_of(5103403),
    )
    services.decide(req, accepted=True, by=admin_user)
    services.wait_for_requester(req, message="Envie o diagnóstico atual.", by=admin_user)
    assert req.due_date == dt.date(2026, 4, 1)
    # As if the wait had begun a week ago, on Wednesday 11 March.
    ServiceRequest.objects.filter(pk=req.pk).update(paused_since=dt.date(2026, 3, 11))
    req.refresh_from_db()

    services.requester_reply(req, text="Segue o diagnóstico.", holds_code=True)

    req.refresh_from_db()
    assert req.status == Status.ACCEPTED
    assert req.paused_since is None
    # Given back: 12, 13, 16, 17 and 18 March (the reply's day included); 3 April, Good
    # Friday, is skipped.
    assert req.due_date == dt.date(2026, 4, 9)
    assert "aguardou o demandante" in req.events.get(kind=EventKind.RESUMED).text


def test_ombudsman_deadline_extends_once_by_30_days(seeds, ombudsman):
    from apoia.catalog.models import Service

    service = Service.objects.get(slug="ouvidoria-reclamacao")
    req = services.submit_request(
        service=service,
        description="O atendimento telefônico não responde há semanas.",
        requester=services.RequesterData(
            name="João", email="joao@example.org", document="52998224725"
        ),
        received_at=local("2026-11-19T10:00"),
    )
    assert req.due_date == dt.date(2026, 12, 21)  # 19/12 + moved from the weekend

    services.extend_deadline(req, justification="Aguardando a área técnica.", by=ombudsman)
    assert req.due_date == dt.date(2027, 1, 20)
    with pytest.raises(services.TransitionError):
        services.extend_deadline(req, justification="De novo.", by=ombudsman)


def test_information_request_has_20_days_extendable_by_10(seeds, ombudsman):
    from apoia.catalog.models import Service

    req = services.submit_request(
        service=Service.objects.get(slug="acesso-a-informacao"),
        description="Quero a lista de convênios com associações em 2026.",
        requester=services.RequesterData(
            name="Ana", email="ana@example.org", document="52998224725"
        ),
        received_at=local("2026-11-19T10:00"),
    )
    assert req.due_date == dt.date(2026, 12, 9)
    services.extend_deadline(req, justification="Volume de documentos.", by=ombudsman)
    assert req.due_date == dt.date(2026, 12, 21)  # 19/12 is a Saturday


def test_anonymous_denuncia_stores_no_identity(seeds):
    from apoia.catalog.models import Service

    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        description="Cobrança indevida para inscrição em curso gratuito.",
        anonymous=True,
        requester=services.RequesterData(name="Não deve ficar", email="x@example.org"),
    )

    assert (req.requester_name, req.requester_email, req.requester_document) == ("", "", "")
    assert req.is_anonymous


def test_anonymous_is_refused_where_the_service_does_not_allow_it(seeds):
    from apoia.catalog.models import Service

    with pytest.raises(ValidationError) as error:
        services.submit_request(
            service=Service.objects.get(slug="ouvidoria-reclamacao"),
            description="Reclamação anônima sobre atendimento.",
            anonymous=True,
        )
    assert "anonymous" in error.value.message_dict


def test_conclusion_rating_and_reopen_within_ten_days(submit, coordinator, technician):
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.record_contact(req, channel="phone", summary="Agendada a formação.", by=technician)
    services.conclude(req, outcome="Formação realizada em 12/03.", by=technician)
    services.rate(req, score=5, comment="Excelente.", holds_code=True)

    with pytest.raises(services.TransitionError):
        services.rate(req, score=4, holds_code=True)
    services.reopen(req, reason="Faltou a segunda turma.", holds_code=True)
    assert req.status == Status.IN_PROGRESS

    services.conclude(req, outcome="Segunda turma realizada.", by=technician)
    ServiceRequest.objects.filter(pk=req.pk).update(
        concluded_at=req.concluded_at - dt.timedelta(days=11)
    )
    req.refresh_from_db()
    with pytest.raises(services.TransitionError):
        services.reopen(req, reason="Tarde demais.", holds_code=True)


def test_every_transition_writes_one_timeline_event(submit, coordinator, technician):
    req = submit()
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.post_message(req, text="Nota só da equipe.", by=technician, internal=True)
    services.conclude(req, outcome="Feito.", by=technician)

    kinds = list(req.events.values_list("kind", "is_internal"))
    assert kinds == [
        ("submitted", False),
        ("routed", False),
        ("accepted", False),
        ("assigned", False),
        ("note", True),
        ("concluded", False),
    ]


def test_removing_the_closure_day_again_gives_the_due_date_back(
    submit, django_capture_on_commit_callbacks
):
    from apoia.territory.models import State
    from apoia.territory.services import add_non_business_day, remove_non_business_day

    req = submit(received_at=local("2026-11-19T15:30"))
    with django_capture_on_commit_callbacks(execute=True):
        day = add_non_business_day(
            date=dt.date(2026, 12, 4),
            name="Ponto facultativo",
            kind="closure",
            state=State.objects.get(uf="MS"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        remove_non_business_day(day)

    req.refresh_from_db()
    assert req.due_date == dt.date(2026, 12, 4)
    assert req.events.filter(kind=EventKind.DUE_MOVED).last().text == (
        "04/12/2026 voltou a ser dia útil (Ponto facultativo foi cancelado); "
        "o prazo volta a ser 04/12/2026."
    )


def test_a_due_date_changed_since_the_closure_is_not_given_back(
    submit, ombudsman, django_capture_on_commit_callbacks
):
    from apoia.territory.models import State
    from apoia.territory.services import add_non_business_day, remove_non_business_day

    req = submit(received_at=local("2026-11-19T15:30"))
    with django_capture_on_commit_callbacks(execute=True):
        day = add_non_business_day(
            date=dt.date(2026, 12, 4),
            name="Ponto",
            kind="closure",
            state=State.objects.get(uf="MS"),
        )
    ServiceRequest.objects.filter(pk=req.pk).update(due_date=dt.date(2026, 12, 18))
    with django_capture_on_commit_callbacks(execute=True):
        remove_non_business_day(day)

    req.refresh_from_db()
    assert req.due_date == dt.date(2026, 12, 18)
