"""Protocol pages: one title each, never repeated ("Solicitar — Solicitar…"), and status tags
coloured from one definition on staff and requester pages alike."""

import re

import pytest
from django.urls import reverse

from apoia.protocol import services
from apoia.protocol.models import STATUS_CSS, Status


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _repeats(title: str) -> bool:
    parts = [p.strip().lower() for p in title.split("—")]
    firsts = [p.split()[0] for p in parts if p]
    return len(set(parts)) < len(parts) or len(set(firsts)) < len(firsts)


@pytest.fixture
def pages(seeds, submit, coordinator, organization_user, sign_in, client):
    req = submit(by=organization_user, requester=None, organization=None)
    staff = sign_in(coordinator)
    titles = {
        "queue": _title(staff.get(reverse("protocol:queue")).content.decode()),
        "dashboard": _title(staff.get(reverse("protocol:dashboard")).content.decode()),
        "detail": _title(staff.get(req.get_absolute_url()).content.decode()),
    }
    client.logout()
    mine = sign_in(organization_user)
    titles["mine"] = _title(mine.get(reverse("protocol:mine")).content.decode())
    titles["requester page"] = _title(mine.get(req.get_absolute_url()).content.decode())
    titles["receipt"] = _title(
        mine.get(reverse("protocol:receipt", args=[req.protocol_slug])).content.decode()
    )
    titles["tracking"] = _title(mine.get(reverse("protocol:track")).content.decode())
    return req, titles


def test_each_protocol_page_has_its_own_title_without_repetition(pages):
    req, titles = pages

    assert titles == {
        "queue": "Fila de pedidos — Apoia",
        "dashboard": "Painel de prazos — Apoia",
        "detail": f"Pedido {req.protocol} — Apoia",
        "mine": "Meus pedidos — Apoia",
        "requester page": f"Protocolo {req.protocol} — Apoia",
        "receipt": f"Recibo do protocolo {req.protocol} — Apoia",
        "tracking": "Acompanhar protocolo — Apoia",
    }
    assert [name for name, title in titles.items() if _repeats(title)] == []


def test_the_login_page_of_a_service_does_not_repeat_its_verb(seeds, client):
    html = client.get(reverse("protocol:submit", args=["adesao-ms-ativo"])).content
    title = _title(html.decode())

    assert not _repeats(title), title


def test_every_status_has_a_tag_colour():
    assert set(STATUS_CSS) == set(Status.values)


def test_the_status_tag_has_the_same_colour_for_staff_and_requester(
    seeds, submit, coordinator, technician, organization_user, sign_in, client
):
    req = submit(by=organization_user, requester=None, organization=None)
    services.decide(req, accepted=True, by=coordinator, assignee=technician)
    services.wait_for_requester(req, message="Envie o estatuto.", by=technician)
    tag = '<span class="br-tag bg-violet-vivid-60" data-status="waiting_requester">'

    staff_html = sign_in(coordinator).get(req.get_absolute_url()).content.decode()
    queue_html = sign_in(coordinator).get(reverse("protocol:queue")).content.decode()
    client.logout()
    requester = sign_in(organization_user)
    own_html = requester.get(req.get_absolute_url()).content.decode()
    mine_html = requester.get(reverse("protocol:mine")).content.decode()

    assert STATUS_CSS[Status.WAITING_REQUESTER] == "bg-violet-vivid-60"
    assert tag in staff_html
    assert tag in queue_html
    assert tag in mine_html
    assert 'class="br-tag bg-violet-vivid-60" id="request-status"' in own_html
