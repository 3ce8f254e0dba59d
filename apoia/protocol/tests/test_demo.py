from django.core.management import call_command

from apoia.protocol.models import ServiceRequest, Status


def test_load_demo_files_six_requests_in_different_states_once(seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    statuses = sorted(ServiceRequest.objects.values_list("status", flat=True))
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
