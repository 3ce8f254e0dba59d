import pytest

from apoia.accounts.tests.factories import PASSWORD

LOGIN = "/contas/entrar/"
WRONG = "senha-errada"


def signed_in_user_id(client):
    return int(client.session["_auth_user_id"]) if "_auth_user_id" in client.session else None


def test_the_login_page_asks_for_email_and_password_in_portuguese(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["username", "password"]
    assert response.context["form"].fields["username"].label == "E-mail"
    assert response.context["form"].fields["password"].label == "Senha"
    assert response.context["breadcrumbs"] == [("Entrar", None)]


def test_a_person_logs_in_with_their_email_in_any_case(client, municipal_user):
    response = client.post(LOGIN, {"username": "Mario@Apoia.TEST", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == municipal_user.pk


def test_login_follows_a_safe_next_url(client, municipal_user):
    response = client.post(
        f"{LOGIN}?next=/contas/perfil/", {"username": "mario@apoia.test", "password": PASSWORD}
    )

    assert response["Location"] == "/contas/perfil/"


def test_a_wrong_password_fails_with_a_portuguese_message(client, municipal_user):
    response = client.post(LOGIN, {"username": "mario@apoia.test", "password": WRONG})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "E-mail ou senha incorretos. Confira os dados e tente de novo."
    ]
    assert "E-mail ou senha incorretos." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_an_inactive_person_cannot_log_in(client, municipal_user):
    municipal_user.is_active = False
    municipal_user.save(update_fields=["is_active"])

    response = client.post(LOGIN, {"username": "mario@apoia.test", "password": PASSWORD})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_after_the_failure_limit_the_person_is_locked_out_even_with_the_right_password(
    client, municipal_user, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    attempt = {"username": "mario@apoia.test", "password": WRONG}

    assert client.post(LOGIN, attempt).status_code == 200
    assert client.post(LOGIN, attempt).status_code == 200
    locked = client.post(LOGIN, attempt)
    right_password = client.post(LOGIN, {**attempt, "password": PASSWORD})

    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    body = locked.content.decode()
    assert "Acesso bloqueado temporariamente" in body
    assert "Houve 3 tentativas de entrada sem sucesso com estes dados." in body
    assert "o acesso fica bloqueado por 15 minutos" in body
    assert right_password.status_code == 429
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "minutes, words", [(1, "1 minuto"), (15, "15 minutos"), (90, "1 hora e 30 minutos")]
)
def test_lockout_durations_read_in_words(minutes, words):
    import datetime as dt

    from apoia.accounts.templatetags.accounts_tags import duration

    assert duration(dt.timedelta(minutes=minutes)) == words


def test_logging_out_needs_a_post_and_ends_the_session(sign_in, municipal_user):
    client = sign_in(municipal_user)

    assert client.get("/contas/sair/").status_code == 405
    response = client.post("/contas/sair/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) is None
