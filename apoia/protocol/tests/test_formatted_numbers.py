"""CPF, CNPJ and phone numbers shown punctuated on the pages that show them."""

from apoia.protocol import services


def test_the_staff_page_shows_the_requesters_cpf_phone_and_typed_cnpj_punctuated(
    seeds, submit, coordinator, sign_in
):
    req = submit(
        requester=services.RequesterData(
            name="Maria da Silva",
            email="maria@example.org",
            document="52998224725",
            phone="67 99999 0000",
        )
    )

    html = sign_in(coordinator).get(req.get_absolute_url()).content.decode()

    assert '<dd class="col-sm-8 ml-0">529.982.247-25</dd>' in html
    assert '<dd class="col-sm-8 ml-0">(67) 99999-0000</dd>' in html
    assert "Associação do Bairro Teste (CNPJ 11.222.333/0001-81)" in html


def test_the_profile_shows_the_users_phone_punctuated(technician, sign_in):
    technician.phone = "6733237229"
    technician.save()

    html = sign_in(technician).get("/contas/perfil/").content.decode()

    assert "<dd>(67) 3323-7229</dd>" in html


def test_the_service_page_shows_the_contact_phone_punctuated(seeds, client):
    from apoia.catalog.models import Service

    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    service.contact_phone = "+55 67 3318-4000"
    service.save()

    html = client.get(service.get_absolute_url()).content.decode()

    assert "<dd>(67) 3318-4000</dd>" in html
