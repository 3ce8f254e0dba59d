from django.core.management import call_command

from apoia.protocol.models import ServiceRequest, Status

COMMUNITY = "orientacao-associacoes-comunitarias"


def test_load_demo_files_six_requests_in_different_states_once(seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    statuses = sorted(
        ServiceRequest.objects.filter(requester_email__endswith="@exemplo.demo").values_list(
            "status", flat=True
        )
    )
    assert statuses == sorted(
        [
            Status.RECEIVED,
            Status.WAITING_REQUESTER,
            Status.RECEIVED,
            Status.REFUSED,
            Status.CONCLUDED,
            Status.RECEIVED,
        ]
    )


def test_the_demo_requesters_have_requests_in_several_states_once(seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    def statuses(email):
        rows = ServiceRequest.objects.filter(requester__email=email, service__slug=COMMUNITY)
        return sorted(rows.values_list("status", flat=True))

    assert statuses("municipio@apoia.demo") == ["concluded", "received", "waiting_requester"]
    assert statuses("osc@apoia.demo") == ["in_progress", "refused"]
    assert statuses("cidadao@apoia.demo") == ["concluded", "received"]


def test_the_demo_citizen_has_an_account_without_a_role(seeds, settings):
    from apoia.accounts.models import User

    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    call_command("load_demo", verbosity=0)

    citizen = User.objects.get(email="cidadao@apoia.demo")
    assert (citizen.full_name, citizen.roles) == ("Cecília Costa", frozenset())
