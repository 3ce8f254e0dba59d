import factory

from apoia.accounts.documents import complete_cnpj
from apoia.accounts.models import (
    Membership,
    Organization,
    OrganizationKind,
    OrgUnit,
    OrgUnitKind,
    Role,
    User,
)
from apoia.territory.models import Municipality, State

PASSWORD = "senha-de-teste-1"
UNIT_ROLES = {Role.COORDINATOR, Role.TECHNICIAN, Role.OMBUDSMAN}


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ["code"]

    code = 50
    uf = "MS"
    name = "Mato Grosso do Sul"
    region = "Centro-Oeste"
    timezone = "America/Campo_Grande"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """Campo Grande unless told otherwise."""

    class Meta:
        model = Municipality
        django_get_or_create = ["ibge"]

    ibge = 5002704
    name = "Campo Grande"
    state = factory.SubFactory(StateFactory)
    is_capital = True
    timezone = "America/Campo_Grande"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"pessoa{n}@apoia.test")
    full_name = factory.Sequence(lambda n: f"Pessoa {n}")
    password = factory.django.Password(PASSWORD)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"unidade-{n}")
    name = factory.Sequence(lambda n: f"Coordenadoria de Teste {n}")
    kind = OrgUnitKind.COORDINATION
    state = factory.SubFactory(StateFactory)
    # 9xxxx: never one of the reference codes (50xxx MS, 51xxx MT).
    protocol_code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Associação de Teste {n}")
    # Root 2xxxxxxx, branch 0001, check digits computed: valid and distinct per row.
    cnpj = factory.Sequence(lambda n: complete_cnpj(f"{20000000 + n:08d}0001"))
    kind = OrganizationKind.ASSOCIATION
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A technician of a fresh unit by default; other roles get their own kind of scope."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TECHNICIAN
    org_unit = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role in UNIT_ROLES),
        factory.SubFactory(OrgUnitFactory),
        None,
    )
    municipality = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.MUNICIPAL),
        factory.SubFactory(MunicipalityFactory),
        None,
    )
    organization = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.ORGANIZATION),
        factory.SubFactory(OrganizationFactory),
        None,
    )


def bearer(user) -> dict:
    """The test client's headers of an API call made with a new personal token of `user`."""
    from apoia.accounts.services import create_api_token

    _token, secret = create_api_token(user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
