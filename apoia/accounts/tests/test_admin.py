import pytest

from apoia.accounts.models import ApiToken, Organization, User
from apoia.accounts.services import create_api_token
from apoia.accounts.tests.factories import MunicipalityFactory


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/admin/accounts/user/", "tiago@apoia.test"),
        (
            "/admin/accounts/orgunit/",
            "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
        ),
        ("/admin/accounts/theme/", "Regularização de OSC"),
        ("/admin/accounts/organization/", "Associação de Moradores do Jardim Teste"),
        ("/admin/accounts/apitoken/", "Robô"),
        ("/admin/accounts/user/add/", "usable_password"),
    ],
)
def test_admin_pages_list_accounts_data(admin_client, technician, organization, url, expected):
    create_api_token(technician, name="Robô")

    response = admin_client.get(url)

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_the_user_admin_shows_memberships_inline(admin_client, technician):
    response = admin_client.get(f"/admin/accounts/user/{technician.pk}/change/")

    assert response.status_code == 200
    assert [type(f.opts).__name__ for f in response.context["inline_admin_formsets"]] == [
        "MembershipInline"
    ]


def test_the_user_admin_creates_a_person_by_email(admin_client, db):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Nova.Pessoa@Apoia.test",
            "full_name": "Nova Pessoa",
            "usable_password": "false",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    person = User.objects.get(full_name="Nova Pessoa")
    assert person.email == "nova.pessoa@apoia.test"
    assert person.has_usable_password() is False


def test_the_organization_admin_accepts_a_masked_cnpj_and_rejects_an_invalid_one(admin_client, db):
    campo_grande = MunicipalityFactory()
    data = {"name": "Cooperativa Nova", "kind": "cooperative", "municipality": campo_grande.pk}

    invalid = admin_client.post(
        "/admin/accounts/organization/add/", {**data, "cnpj": "11.444.777/0001-62"}
    )
    valid = admin_client.post(
        "/admin/accounts/organization/add/", {**data, "cnpj": "11.444.777/0001-61"}
    )

    assert invalid.context["adminform"].form.errors == {"cnpj": ["CNPJ inválido."]}
    assert valid.status_code == 302
    assert Organization.objects.get().cnpj == "11444777000161"


def test_the_token_admin_revokes_the_selected_tokens(admin_client, technician):
    token, _ = create_api_token(technician, name="Robô")

    response = admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 token revogado."]
    assert ApiToken.objects.active().count() == 0


def test_tokens_cannot_be_added_in_the_admin(admin_client, db):
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403


# --- who enters the admin, and in which language ----------------------------------------------


def test_the_menu_links_the_admin_for_an_admin(admin_client):
    body = admin_client.get("/").content.decode()

    assert 'href="/admin/"' in body


def test_a_coordinator_with_the_admin_flag_neither_sees_nor_enters_the_admin(sign_in, coordinator):
    # The flag alone (set by mistake, or left from another job) does not open the admin.
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    client = sign_in(coordinator)

    assert 'href="/admin/"' not in client.get("/").content.decode()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "english", ["Axes", "Access attempts", "Access logs", "Otp_Totp", "TOTP devices", "Static"]
)
def test_the_admin_index_names_third_party_models_in_portuguese(admin_client, english):
    body = admin_client.get("/admin/").content.decode()

    assert english not in body


@pytest.mark.parametrize(
    "url, portuguese",
    [
        ("/admin/", "Bloqueio após tentativas de login"),
        ("/admin/", "Aplicativos autenticadores (TOTP)"),
        ("/admin/", "Conjuntos de códigos de reserva"),
        ("/admin/axes/accessattempt/", "Endereço acessado"),
        ("/admin/axes/accesslog/", "Registros de acesso"),
        ("/admin/otp_totp/totpdevice/", "Busque pelo e-mail ou pelo nome da pessoa."),
    ],
)
def test_third_party_admin_pages_read_in_portuguese(admin_client, url, portuguese):
    response = admin_client.get(url)

    assert response.status_code == 200
    assert portuguese in response.content.decode()
