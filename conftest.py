import os

os.environ.setdefault("APOIA_TESTING", "1")
os.environ.setdefault("APOIA_HTTPS", "false")

# Shared personas, one per role, in Mato Grosso do Sul. Each test asks only for the people
# it needs; rows are created directly (never the 5,570 municipalities). Models are imported
# inside the fixtures because this file is loaded before Django is set up.
import pytest  # noqa: E402

# One browser for the whole run, whichever directory its tests are in.
pytest_plugins = ["apoia.tests.browser"]

# Axes' standalone backend only guards authenticate(); it cannot restore a user from the
# session, so tests sign people in through Django's model backend.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PASSWORD = "senha-de-teste-1"


@pytest.fixture
def state_ms(db):
    from apoia.territory.models import State

    state, _ = State.objects.get_or_create(
        code=50,
        defaults={
            "uf": "MS",
            "name": "Mato Grosso do Sul",
            "region": "Centro-Oeste",
            "timezone": "America/Campo_Grande",
        },
    )
    return state


@pytest.fixture
def state_mt(db):
    from apoia.territory.models import State

    state, _ = State.objects.get_or_create(
        code=51,
        defaults={
            "uf": "MT",
            "name": "Mato Grosso",
            "region": "Centro-Oeste",
            "timezone": "America/Cuiaba",
        },
    )
    return state


@pytest.fixture
def campo_grande(state_ms):
    from apoia.territory.models import Municipality

    municipality, _ = Municipality.objects.get_or_create(
        ibge=5002704,
        defaults={
            "name": "Campo Grande",
            "state": state_ms,
            "is_capital": True,
            "timezone": "America/Campo_Grande",
        },
    )
    return municipality


@pytest.fixture
def community_unit(state_ms):
    """ms-sec-spp-comunitarios (and its parent ms-sec), as the reference data defines them."""
    from apoia.accounts.reference import ensure_unit

    return ensure_unit("ms-sec-spp-comunitarios")


@pytest.fixture
def ombudsman_unit(state_ms):
    """ms-ouvidoria, the ombudsman of the Secretaria de Estado da Cidadania."""
    from apoia.accounts.reference import ensure_unit

    return ensure_unit("ms-ouvidoria")


@pytest.fixture
def organization(campo_grande):
    from apoia.accounts.tests.factories import OrganizationFactory

    return OrganizationFactory(
        name="Associação de Moradores do Jardim Teste", municipality=campo_grande
    )


@pytest.fixture
def other_organization(campo_grande):
    from apoia.accounts.tests.factories import OrganizationFactory

    return OrganizationFactory(name="Cooperativa Outra", municipality=campo_grande)


def _person(email: str, full_name: str, role: str, **scope):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership

    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    ensure_membership(user, role, **scope)
    return user


@pytest.fixture
def admin_user(db):
    """Ana, platform administrator (superuser, enters the Django admin)."""
    from apoia.accounts.models import Role

    user = _person("ana@apoia.test", "Ana Andrade", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def coordinator(community_unit):
    """Carla, coordinator of ms-sec-spp-comunitarios."""
    from apoia.accounts.models import Role

    return _person("carla@apoia.test", "Carla Coelho", Role.COORDINATOR, org_unit=community_unit)


@pytest.fixture
def technician(community_unit):
    """Tiago, technician of ms-sec-spp-comunitarios."""
    from apoia.accounts.models import Role

    return _person("tiago@apoia.test", "Tiago Teixeira", Role.TECHNICIAN, org_unit=community_unit)


@pytest.fixture
def ombudsman(ombudsman_unit):
    """Olga, ombudsman of ms-ouvidoria."""
    from apoia.accounts.models import Role

    return _person("olga@apoia.test", "Olga Ornelas", Role.OMBUDSMAN, org_unit=ombudsman_unit)


@pytest.fixture
def municipal_user(campo_grande):
    """Mário, focal point of Campo Grande (MS)."""
    from apoia.accounts.models import Role

    return _person("mario@apoia.test", "Mário Mendes", Role.MUNICIPAL, municipality=campo_grande)


@pytest.fixture
def organization_user(organization):
    """Paula, representative of Associação de Moradores do Jardim Teste."""
    from apoia.accounts.models import Role

    return _person("paula@apoia.test", "Paula Pires", Role.ORGANIZATION, organization=organization)


@pytest.fixture
def other_organization_user(other_organization):
    """Otto, representative of Cooperativa Outra: must never see Paula's things."""
    from apoia.accounts.models import Role

    return _person(
        "otto@apoia.test", "Otto Otero", Role.ORGANIZATION, organization=other_organization
    )


@pytest.fixture
def sign_in(client):
    """sign_in(user) logs the test client in as `user` and returns the client."""

    def _sign_in(user):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return _sign_in


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in through the model backend."""
    client.force_login(admin_user, backend=MODEL_BACKEND)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits start from zero in every test (the test cache is this process's memory)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request in English must not leak into the
    next test through the thread's active translation."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
