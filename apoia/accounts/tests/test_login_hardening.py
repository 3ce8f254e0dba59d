"""One spelling per e-mail for the login lockout, and limits on password resets."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from apoia.accounts.login import normalize_email
from apoia.accounts.tests.factories import PASSWORD
from apoia.lib.net import parse_networks

LOGIN = "/contas/entrar/"
RESET = "/contas/senha/esqueci/"
SENT = "/contas/senha/esqueci/enviado/"


@pytest.fixture(autouse=True)
def one_minute():
    """Reset limits count per hour: the test must not straddle the end of one."""
    with time_machine.travel(dt.datetime.fromisoformat("2026-03-18T10:00:15-04:00"), tick=False):
        yield


@pytest.mark.parametrize(
    "typed",
    ["mario@apoia.test", "Mario@Apoia.TEST", "  mario@apoia.test ", "ＭＡＲＩＯ＠apoia.test"],
)
def test_every_spelling_normalizes_to_the_stored_email(typed):
    assert normalize_email(typed) == "mario@apoia.test"


def test_every_spelling_of_an_email_counts_toward_one_lockout(client, municipal_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    spellings = ["Mario@Apoia.TEST", " mario@apoia.test ", "ＭＡＲＩＯ@apoia.test"]

    statuses = [
        client.post(LOGIN, {"username": typed, "password": "senha-errada"}).status_code
        for typed in spellings
    ]
    right_password = client.post(LOGIN, {"username": "mario@apoia.test", "password": PASSWORD})

    assert statuses == [200, 200, 429]
    assert right_password.status_code == 429
    # One record under the stored spelling; the refused right password counted as a fourth.
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("mario@apoia.test", 4)
    ]


def test_a_capitalised_spelling_logs_in_after_the_lockout_of_another_person(
    client, municipal_user, organization_user, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "PAULA@apoia.test", "password": "senha-errada"})

    response = client.post(LOGIN, {"username": "MARIO@apoia.test", "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == municipal_user.pk


def test_the_lockout_counts_the_client_behind_a_trusted_proxy(municipal_user, settings):
    settings.APOIA_TRUSTED_PROXY_NETWORKS = parse_networks(["127.0.0.1"])
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    proxied.post(LOGIN, {"username": "mario@apoia.test", "password": "senha-errada"})

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_password_resets_past_the_hourly_limit_send_nothing_and_look_the_same(
    client, municipal_user, mailoutbox, settings
):
    settings.APOIA_PASSWORD_RESET_RATE = 2

    answers = [client.post(RESET, {"email": typed}) for typed in ("mario@apoia.test",) * 2]
    over = client.post(RESET, {"email": "Mario@Apoia.TEST"})

    assert [a["Location"] for a in answers] == [SENT, SENT]
    assert over.status_code == 302
    assert over["Location"] == SENT
    assert [m.to for m in mailoutbox] == [["mario@apoia.test"], ["mario@apoia.test"]]


def test_one_client_address_may_ask_four_times_the_rate_whatever_the_emails(
    client, municipal_user, mailoutbox, settings
):
    settings.APOIA_PASSWORD_RESET_RATE = 1
    for n in range(4):  # addresses with no account count too: nothing tells them apart
        client.post(RESET, {"email": f"ninguem{n}@apoia.test"})

    same_address = client.post(RESET, {"email": "mario@apoia.test"})
    other_address = Client(REMOTE_ADDR="10.0.0.2").post(RESET, {"email": "mario@apoia.test"})

    assert same_address["Location"] == other_address["Location"] == SENT
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mario@apoia.test"]


def test_the_sent_page_says_links_are_limited(client, db):
    body = client.get(SENT).content.decode()

    assert "Por segurança, enviamos poucos links por hora para o mesmo e-mail" in body
