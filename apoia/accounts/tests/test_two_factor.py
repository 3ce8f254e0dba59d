from base64 import b32encode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

TWO_FACTOR = "/contas/dois-fatores/"


def code_for(device):
    return f"{totp(device.bin_key):06d}"


def test_with_2fa_required_a_technician_enrolls_a_totp_device_and_reaches_home(
    sign_in, technician, settings
):
    settings.APOIA_REQUIRE_2FA = True
    client = sign_in(technician)

    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == f"{TWO_FACTOR}?next=/"

    page = client.get(home["Location"])
    device = TOTPDevice.objects.get(user=technician)
    assert device.confirmed is False
    assert page.context["enrolling"] is True
    assert page.context["secret"].replace(" ", "") == b32encode(device.bin_key).decode()
    assert "<svg" in page.content.decode()
    assert "otpauth://totp/Apoia%3Atiago%40apoia.test" in device.config_url

    confirmed = client.post(TWO_FACTOR, {"code": code_for(device), "next": "/"})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/").status_code == 200


def test_enrolling_shows_the_same_secret_until_confirmed(sign_in, technician):
    client = sign_in(technician)

    first = client.get(TWO_FACTOR).context["secret"]
    second = client.get(TWO_FACTOR).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=technician).count() == 1


def test_a_person_with_a_device_types_a_code_and_a_wrong_one_is_refused(
    sign_in, technician, settings
):
    settings.APOIA_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=technician, name="Celular", confirmed=True)
    client = sign_in(technician)

    page = client.get(f"{TWO_FACTOR}?next=/contas/perfil/")
    assert page.context["enrolling"] is False
    assert "secret" not in page.context
    wrong = client.post(TWO_FACTOR, {"code": "000000", "next": "/contas/perfil/"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {
        "code": ["Código inválido ou expirado. Confira o relógio do celular e tente de novo."]
    }
    assert client.get("/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # a person would simply wait a second
    device.save(update_fields=["throttling_failure_count"])
    right = client.post(TWO_FACTOR, {"code": code_for(device), "next": "/contas/perfil/"})

    assert right["Location"] == "/contas/perfil/"
    assert client.get("/").status_code == 200


def test_two_factor_ignores_a_next_url_on_another_host(sign_in, technician):
    client = sign_in(technician)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=technician)

    response = client.post(TWO_FACTOR, {"code": code_for(device), "next": "https://exemplo.com/"})

    assert response["Location"] == "/"


def test_with_2fa_required_a_municipal_user_is_not_asked(sign_in, municipal_user, settings):
    settings.APOIA_REQUIRE_2FA = True

    response = sign_in(municipal_user).get("/")

    assert response.status_code == 200


def test_without_2fa_required_staff_go_straight_in(sign_in, technician, settings):
    settings.APOIA_REQUIRE_2FA = False

    assert sign_in(technician).get("/").status_code == 200


def test_with_2fa_required_an_unverified_technician_cannot_open_the_profile_or_mint_tokens(
    sign_in, technician, settings
):
    settings.APOIA_REQUIRE_2FA = True
    client = sign_in(technician)

    profile = client.get("/contas/perfil/?aba=tokens")
    token = client.post("/contas/perfil/tokens/", {"name": "Atalho"})

    assert profile["Location"] == f"{TWO_FACTOR}?next=/contas/perfil/%3Faba%3Dtokens"
    assert token["Location"] == f"{TWO_FACTOR}?next=/contas/perfil/tokens/"
    assert technician.api_tokens.count() == 0


def test_with_2fa_required_the_pages_to_get_verified_or_leave_stay_open(
    sign_in, technician, settings
):
    settings.APOIA_REQUIRE_2FA = True
    client = sign_in(technician)

    assert client.get(TWO_FACTOR).status_code == 200
    # The reset page itself answers (a signed-in person is sent on to change the password).
    assert client.get("/contas/senha/esqueci/")["Location"] == "/contas/senha/alterar/"
    assert client.get("/contas/senha/redefinir/abc/def/").status_code == 200
    logout = client.post("/contas/sair/")
    # A redirect to the 2FA page would be a 302 too: only home with no session is a logout.
    assert logout.status_code == 302
    assert logout["Location"] == "/"
    assert "_auth_user_id" not in client.session
