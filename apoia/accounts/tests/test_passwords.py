import re

from apoia.accounts.tests.factories import PASSWORD

LOGIN = "/contas/entrar/"
NEW_PASSWORD = "girassol-amarelo-2024"


def test_password_reset_sends_an_email_whose_link_sets_a_new_password(
    client, municipal_user, mailoutbox
):
    response = client.post("/contas/senha/esqueci/", {"email": "mario@apoia.test"})

    assert response.status_code == 302
    assert response["Location"] == "/contas/senha/esqueci/enviado/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["mario@apoia.test"]
    assert message.subject == "Redefinição de senha no Apoia"
    assert message.body.startswith("Olá, Mário.")
    path = re.search(r"http://testserver(/contas/senha/redefinir/\S+/)", message.body).group(1)

    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == "/contas/senha/redefinida/"
    old = client.post(LOGIN, {"username": "mario@apoia.test", "password": PASSWORD})
    assert old.status_code == 200
    new = client.post(LOGIN, {"username": "mario@apoia.test", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert int(client.session["_auth_user_id"]) == municipal_user.pk


def test_a_used_reset_link_is_refused(client, municipal_user, mailoutbox):
    client.post("/contas/senha/esqueci/", {"email": "mario@apoia.test"})
    path = re.search(r"http://testserver(/contas/senha/redefinir/\S+/)", mailoutbox[0].body)[1]
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(path, follow=True)

    assert again.context["validlink"] is False
    assert "Este link é inválido ou já foi usado." in again.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_but_looks_the_same(
    client, db, mailoutbox
):
    response = client.post("/contas/senha/esqueci/", {"email": "ninguem@apoia.test"})

    assert response["Location"] == "/contas/senha/esqueci/enviado/"
    assert mailoutbox == []


def test_password_change_keeps_the_person_signed_in_with_the_new_password(sign_in, municipal_user):
    client = sign_in(municipal_user)

    response = client.post(
        "/contas/senha/alterar/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/contas/perfil/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["Senha alterada."]
    municipal_user.refresh_from_db()
    assert municipal_user.check_password(NEW_PASSWORD)


def test_password_change_with_a_wrong_current_password_says_so(sign_in, municipal_user):
    client = sign_in(municipal_user)

    response = client.post(
        "/contas/senha/alterar/",
        {"old_password": "outra", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"old_password": ["A senha atual está incorreta."]}


def test_a_signed_in_person_asking_to_reset_is_sent_to_change_the_password(sign_in, municipal_user):
    response = sign_in(municipal_user).get("/contas/senha/esqueci/", follow=True)

    assert response.redirect_chain == [("/contas/senha/alterar/", 302)]
    assert "troque a senha aqui, com a senha atual" in response.content.decode()
