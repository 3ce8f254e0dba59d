import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from apoia.accounts.models import ApiToken
from apoia.accounts.services import authenticate_token, create_api_token, revoke_api_token

ME = "/api/v1/me"
UNAUTHORIZED = {"detail": "Autenticação necessária ou token inválido."}


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_created_on_the_profile_page_authenticates_the_api(sign_in, technician):
    client = sign_in(technician)

    response = client.post("/contas/perfil/tokens/", {"name": "Integração municipal"})

    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    token = technician.api_tokens.get()
    assert (token.name, token.prefix, token.key_hash) == (
        "Integração municipal",
        secret[:12],
        ApiToken.hash_key(secret),
    )
    client.logout()
    me = client.get(ME, headers=bearer(secret))
    assert me.status_code == 200
    assert me.json() == {
        "email": "tiago@apoia.test",
        "full_name": "Tiago Teixeira",
        "roles": ["technician"],
        "memberships": [
            {
                "role": "technician",
                "org_unit": {
                    "slug": "ms-sec-spp-comunitarios",
                    "name": "Subsecretaria de Políticas Públicas para Assuntos Comunitários",
                    "acronym": "",
                },
                "municipality": None,
                "organization": None,
            }
        ],
    }


def test_the_secret_is_shown_only_once(sign_in, technician):
    client = sign_in(technician)
    secret = client.post("/contas/perfil/tokens/", {"name": "Uma vez"}).context["new_secret"]

    profile = client.get("/contas/perfil/")

    body = profile.content.decode()
    assert secret not in body
    assert secret[:12] in body
    assert "Uma vez" in body


def test_a_token_needs_a_name(sign_in, technician):
    client = sign_in(technician)

    response = client.post("/contas/perfil/tokens/", {"name": ""})

    assert response.context["token_form"].errors == {"name": ["Este campo é obrigatório."]}
    assert "new_secret" not in response.context
    assert technician.api_tokens.count() == 0


def test_me_describes_the_scopes_of_municipal_and_organization_people(
    client, municipal_user, organization_user, organization
):
    _, municipal_secret = create_api_token(municipal_user, name="m")
    _, organization_secret = create_api_token(organization_user, name="o")

    municipal = client.get(ME, headers=bearer(municipal_secret)).json()
    represented = client.get(ME, headers=bearer(organization_secret)).json()

    assert municipal["memberships"] == [
        {
            "role": "municipal",
            "org_unit": None,
            "municipality": {"ibge": 5002704, "name": "Campo Grande", "uf": "MS"},
            "organization": None,
        }
    ]
    assert represented["memberships"] == [
        {
            "role": "organization",
            "org_unit": None,
            "municipality": None,
            "organization": {
                "id": organization.pk,
                "name": "Associação de Moradores do Jardim Teste",
                "cnpj": organization.cnpj,
            },
        }
    ]


def test_a_token_revoked_on_the_profile_page_answers_401(sign_in, technician):
    client = sign_in(technician)
    token, secret = create_api_token(technician, name="Antigo")

    response = client.post(f"/contas/perfil/tokens/{token.pk}/revogar/", follow=True)

    assert response.redirect_chain == [("/contas/perfil/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Token “Antigo” revogado."]
    token.refresh_from_db()
    assert token.revoked_at is not None
    me = client.get(ME, headers=bearer(secret))
    assert me.status_code == 401
    assert me.json() == UNAUTHORIZED


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("apoia_inventado"), bearer("qualquer-coisa"), {"Authorization": "Token x"}],
    ids=["no header", "unknown apoia token", "not an apoia token", "other scheme"],
)
def test_a_wrong_or_missing_token_answers_401(client, technician, headers):
    create_api_token(technician, name="Existente")

    response = client.get(ME, headers=headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_the_token_of_an_inactive_person_answers_401(client, technician):
    _, secret = create_api_token(technician, name="x")
    technician.is_active = False
    technician.save(update_fields=["is_active"])

    assert client.get(ME, headers=bearer(secret)).status_code == 401


def test_nobody_can_revoke_someone_elses_token_from_the_profile(
    sign_in, technician, municipal_user
):
    token, secret = create_api_token(technician, name="Do Tiago")
    client = sign_in(municipal_user)

    response = client.post(f"/contas/perfil/tokens/{token.pk}/revogar/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_for_the_owner_or_an_administrator(technician, municipal_user, admin_user):
    token, _ = create_api_token(technician, name="x")

    with pytest.raises(PermissionDenied):
        revoke_api_token(token, by=municipal_user)
    revoke_api_token(token, by=admin_user)

    assert token.revoked_at is not None


def test_authenticate_token_records_use_at_most_once_a_minute(technician):
    token, secret = create_api_token(technician, name="x")

    assert authenticate_token(secret) == technician
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == first_use

    a_minute_ago = first_use - dt.timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_minute_ago)
    authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at >= first_use


def test_only_the_hash_of_the_secret_is_stored(technician):
    token, secret = create_api_token(technician, name="x")

    stored = ApiToken.objects.filter(pk=token.pk).values()[0]

    assert secret not in [str(value) for value in stored.values()]
    assert stored["key_hash"] == ApiToken.hash_key(secret)


def test_the_api_token_command_prints_a_usable_token(client, technician):
    out, err = StringIO(), StringIO()

    call_command(
        "api-token", "TIAGO@apoia.test", "--name", "Robô de relatórios", stdout=out, stderr=err
    )

    secret = out.getvalue().strip()
    assert technician.api_tokens.get().name == "Robô de relatórios"
    assert "Guarde o segredo: ele não será mostrado de novo." in err.getvalue()
    assert secret not in err.getvalue()
    me = client.get(ME, headers=bearer(secret))
    assert me.status_code == 200
    assert me.json()["email"] == "tiago@apoia.test"


def test_the_api_token_command_refuses_an_unknown_email(db):
    with pytest.raises(CommandError) as error:
        call_command("api-token", "ninguem@apoia.test", stdout=StringIO(), stderr=StringIO())

    assert str(error.value) == "Nenhuma pessoa ativa com o e-mail ninguem@apoia.test."
