import factory

from apoia.accounts.models import OrgUnit, OrgUnitKind, Theme
from apoia.catalog.models import Audience, Service, ServiceOption, ServiceStep
from apoia.territory.models import DeadlineUnit, State


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ["code"]

    code = 50
    uf = "MS"
    name = "Mato Grosso do Sul"
    region = "Centro-Oeste"
    timezone = "America/Campo_Grande"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"tema-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"unidade-{n}")
    name = factory.Sequence(lambda n: f"Unidade {n}")
    kind = OrgUnitKind.COORDINATION
    state = factory.SubFactory(StateFactory)


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"publico-{n}")
    name = factory.Sequence(lambda n: f"Público {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"servico-{n}")
    name = factory.Sequence(lambda n: f"Serviço {n}")
    summary = "Resumo do serviço."
    description = "Descrição do serviço."
    deadline_amount = 10
    deadline_unit = DeadlineUnit.BUSINESS_DAYS
    is_published = True
    state = factory.SubFactory(StateFactory)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ServiceStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceStep

    service = factory.SubFactory(ServiceFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Etapa {n}")
    description = ""


class ServiceOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOption

    service = factory.SubFactory(ServiceFactory)
    slug = factory.Sequence(lambda n: f"opcao-{n}")
    name = factory.Sequence(lambda n: f"Opção {n}")
    description = ""
    order = factory.Sequence(lambda n: n + 1)
