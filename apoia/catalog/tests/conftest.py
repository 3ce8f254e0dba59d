import pytest

from apoia.accounts.models import Membership, Role, User
from apoia.catalog.tests.factories import StateFactory

# Axes' backend cannot restore a session user; the tests sign in through Django's own.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def ms(db):
    """Mato Grosso do Sul (most reference services) and Mato Grosso (the SUAS service)."""
    StateFactory(code=51, uf="MT", name="Mato Grosso", timezone="America/Cuiaba")
    return StateFactory()


@pytest.fixture
def alice(db):
    """Alice, a platform administrator: sees unpublished services too."""
    user = User.objects.create_user(
        email="alice@apoia.test", password="senha-de-teste-1", full_name="Alice Administradora"
    )
    Membership.objects.create(user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def bob(db):
    """Bob, signed in but without the admin role."""
    return User.objects.create_user(
        email="bob@apoia.test", password="senha-de-teste-1", full_name="Bob Cidadão"
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob, backend=MODEL_BACKEND)
    return client
