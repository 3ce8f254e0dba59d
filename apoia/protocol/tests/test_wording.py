"""Protocol wording: the contraction of "a"/"de" with a unit's article, and the manifestation's
own words (Lei 13.460/2017) on every page that names a request."""

import pytest

from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import EventKind
from apoia.protocol.wording import forwarded_to, rerouted_between, unit_gender


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Secretaria de Estado da Cidadania", "f"),
        ("Secretaria-Executiva de Gestão Estratégica e Municipalismo", "f"),
        ("Subsecretaria de Políticas Públicas para Assuntos Comunitários", "f"),
        ("Coordenadoria de Proteção Social Básica", "f"),
        ("Ouvidoria Setorial", "f"),
        ("Superintendência de Gestão do SUAS", "f"),
        ("Comissão Intergestores Bipartite do SUAS", "f"),
        ("Núcleo de Educação Permanente", "m"),
        ("Departamento de Convênios", "m"),
        ("Conselho Estadual de Assistência Social", "m"),
        ("Programa MS Ativo", "m"),
    ],
)
def test_a_units_gender_comes_from_the_first_word_of_its_name(name, gender):
    assert unit_gender(name) == gender


def test_forwarded_to_a_feminine_unit_takes_the_crase():
    assert forwarded_to("Subsecretaria de Políticas Públicas") == "Encaminhado à %(unit)s."


def test_forwarded_to_a_masculine_unit_takes_ao():
    assert forwarded_to("Núcleo de Educação Permanente") == "Encaminhado ao %(unit)s."


def test_rerouted_contracts_both_prepositions():
    assert rerouted_between("Núcleo de Apoio", "Coordenadoria de Gestão") == (
        "Redirecionado do %(old)s para a %(new)s. Motivo: %(reason)s"
    )


def test_the_routing_event_says_encaminhado_a_with_crase(seeds, submit):
    req = submit()

    routed = req.events.get(kind=EventKind.ROUTED)

    assert routed.text == (
        "Encaminhado à Subsecretaria de Políticas Públicas para Assuntos Comunitários."
    )


def test_a_reroute_event_contracts_de_and_para(seeds, submit, coordinator):
    from apoia.accounts.models import OrgUnit

    req = submit()
    services.reroute(
        req, unit=OrgUnit.objects.get(slug="ms-segem"), reason="É da Segem.", by=coordinator
    )

    assert req.events.get(kind=EventKind.REROUTED).text == (
        "Redirecionado da Subsecretaria de Políticas Públicas para Assuntos Comunitários para a "
        "Secretaria-Executiva de Gestão Estratégica e Municipalismo. Motivo: É da Segem."
    )


def _complaint():
    return services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        subject="Atendimento",
        description="Ninguém atende o telefone da subsecretaria.",
        requester=services.RequesterData(
            name="Rogério", email="rogerio@example.org", document="529.982.247-25"
        ),
    )


def test_a_manifestation_is_received_as_such_on_its_timeline(seeds):
    req = _complaint()

    assert req.events.get(kind=EventKind.SUBMITTED).text.startswith(
        "Manifestação recebida. Prazo de resposta:"
    )


def test_the_ombudsman_page_of_a_manifestation_says_acolher_not_aceitar(seeds, ombudsman, sign_in):
    req = _complaint()

    html = sign_in(ombudsman).get(req.get_absolute_url()).content.decode()

    assert f"Manifestação {req.protocol}" in html
    assert "Acolher a manifestação" in html
    assert "Aceitar o pedido" not in html
    assert "Acolher ou não a manifestação" in html
    assert 'data-status="received">Recebida</span>' in html
    assert "Manifestação recebida" in html
    assert "Técnico responsável" not in html
    assert "Ouvidor(a) responsável" in html


def test_an_accepted_manifestation_waits_for_an_ouvidor_not_a_tecnico(seeds, ombudsman, sign_in):
    req = _complaint()
    services.decide(req, accepted=True, by=ombudsman)

    response = sign_in(ombudsman).get(req.get_absolute_url())
    html = response.content.decode()

    assert 'data-status="accepted">Acolhida, aguardando ouvidor(a)</span>' in html
    assert req.events.get(kind=EventKind.ACCEPTED).text == "Manifestação acolhida."
    assert "técnico" not in html.split('<main id="main-content"')[-1].lower().split("<footer")[0]


def test_accepting_a_manifestation_says_acolhida(seeds, ombudsman, sign_in):
    req = _complaint()

    response = sign_in(ombudsman).post(
        f"/protocolo/{req.protocol_slug}/decidir/", {"decide-decision": "accept"}, follow=True
    )

    assert "Manifestação acolhida." in response.content.decode()


def test_the_tracking_page_of_a_manifestation_names_it(seeds, client):
    req = _complaint()
    client.post("/acompanhar/", {"protocol": req.protocol, "access_code": req.access_code})

    html = client.get(f"/acompanhar/{req.protocol_slug}/").content.decode()

    assert f"<h1>Manifestação {req.protocol}</h1>" in html
    assert "Manifestação recebida" in html


def test_an_ordinary_request_keeps_the_words_pedido_and_aceitar(
    seeds, submit, coordinator, sign_in
):
    req = submit()

    html = sign_in(coordinator).get(req.get_absolute_url()).content.decode()

    assert f"Pedido {req.protocol}" in html
    assert "Aceitar o pedido" in html
    assert 'data-status="received">Recebido</span>' in html
