from django_otp.plugins.otp_totp.models import TOTPDevice

PROFILE = "/contas/perfil/"


def test_the_profile_lists_name_email_roles_and_scopes(sign_in, coordinator, community_unit):
    response = sign_in(coordinator).get(PROFILE)

    assert response.status_code == 200
    assert [(m.get_role_display(), str(m.org_unit)) for m in response.context["memberships"]] == [
        ("Coordenador(a)", "Subsecretaria de Políticas Públicas para Assuntos Comunitários")
    ]
    body = response.content.decode()
    assert "Carla Coelho" in body
    assert "carla@apoia.test" in body
    assert "Coordenador(a)" in body
    assert "Verificação em duas etapas desativada" in body
    assert response.context["breadcrumbs"] == [("Minha conta", None)]


def test_the_profile_shows_an_active_totp_device(sign_in, technician):
    TOTPDevice.objects.create(user=technician, name="Celular", confirmed=True)

    response = sign_in(technician).get(PROFILE)

    assert response.context["totp_device"].name == "Celular"
    assert "Verificação em duas etapas ativa" in response.content.decode()


def test_the_profile_of_an_organization_representative_names_the_organization(
    sign_in, organization_user
):
    body = sign_in(organization_user).get(PROFILE).content.decode()

    assert "Representante de organização" in body
    assert "Associação de Moradores do Jardim Teste" in body


def test_the_profile_needs_a_login(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == "/contas/entrar/?next=/contas/perfil/"
