"""The Django admin of requests is read-only: changes go through the service functions."""

from django.urls import reverse

from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import ProtocolSequence


def test_the_request_list_filters_and_searches_by_protocol(seeds, submit, admin_client):
    req = submit()
    other = submit()

    response = admin_client.get(
        reverse("admin:protocol_servicerequest_changelist"), {"q": req.protocol}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [req]
    assert other.protocol not in response.content.decode()


def test_a_request_opens_read_only_with_its_timeline(seeds, submit, admin_client):
    req = submit()

    response = admin_client.get(reverse("admin:protocol_servicerequest_change", args=[req.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in html
    assert "Pedido recebido" in html
    assert "Encaminhado à Subsecretaria de Políticas Públicas" in html


def test_requests_cannot_be_added_changed_or_deleted_in_the_admin(seeds, submit, admin_client):
    req = submit()

    add = admin_client.get(reverse("admin:protocol_servicerequest_add"))
    delete = admin_client.post(
        reverse("admin:protocol_servicerequest_delete", args=[req.pk]), {"post": "yes"}
    )
    change = admin_client.post(
        reverse("admin:protocol_servicerequest_change", args=[req.pk]), {"status": "concluded"}
    )

    assert add.status_code == 403
    assert delete.status_code == 403
    assert change.status_code == 403
    req.refresh_from_db()
    assert req.status == "received"


def test_the_admin_does_not_show_who_made_an_ombudsman_complaint(seeds, admin_client):
    complaint = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        description="O atendimento no CRAS demorou três horas.",
        requester=services.RequesterData(
            name="Rogério Reclamante", email="rogerio@example.org", document="529.982.247-25"
        ),
    )

    html = admin_client.get(
        reverse("admin:protocol_servicerequest_change", args=[complaint.pk])
    ).content.decode()

    assert complaint.protocol in html
    assert "Rogério" not in html
    assert "rogerio@example.org" not in html


def test_protocol_sequences_are_read_only(seeds, submit, admin_client):
    submit()
    sequence = ProtocolSequence.objects.get()

    listing = admin_client.get(reverse("admin:protocol_protocolsequence_changelist"))
    change = admin_client.post(
        reverse("admin:protocol_protocolsequence_change", args=[sequence.pk]),
        {"last_value": 0},
    )

    assert listing.status_code == 200
    assert change.status_code == 403
    sequence.refresh_from_db()
    assert sequence.last_value == 1
