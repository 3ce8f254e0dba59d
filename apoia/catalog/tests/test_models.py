import pytest
from django.db import IntegrityError, transaction

from apoia.catalog.models import ServiceOption, describe_counted_deadline, describe_deadline
from apoia.catalog.tests.factories import ServiceFactory, ServiceOptionFactory


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (10, "business_days", "10 dias úteis"),
        (1, "business_days", "1 dia útil"),
        (30, "calendar_days", "30 dias corridos"),
        (1, "calendar_days", "1 dia corrido"),
        (2, "weeks", "2 semanas"),
        (1, "weeks", "1 semana"),
        (1, "months", "1 mês"),
        (3, "months", "3 meses"),
    ],
)
def test_a_deadline_reads_as_people_write_it(amount, unit, text):
    assert describe_deadline(amount, unit) == text


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (10, "business_days", "10 dias úteis, contados"),
        (1, "business_days", "1 dia útil, contado"),
        (2, "weeks", "2 semanas, contadas"),
        (1, "weeks", "1 semana, contada"),
        (1, "months", "1 mês, contado"),
    ],
)
def test_the_counted_deadline_agrees_in_gender_and_number(amount, unit, text):
    assert describe_counted_deadline(amount, unit) == text


def test_a_service_folds_its_name_summary_and_description_for_search(ms):
    service = ServiceFactory(name="Adesão", summary="Orientação", description="ASSOCIAÇÕES")

    assert service.search_text == "adesao orientacao associacoes"


def test_saving_only_the_name_refreshes_the_search_text_too(ms):
    service = ServiceFactory(name="Antigo", summary="", description="")
    service.name = "Capacitação"

    service.save(update_fields=["name"])

    service.refresh_from_db()
    assert service.search_text == "capacitacao"


def test_a_deadline_longer_than_the_calendar_allows_is_refused(ms):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(deadline_amount=4000)


def test_an_option_slug_is_unique_within_a_service_but_not_across_services(ms):
    option = ServiceOptionFactory(slug="formacao")
    ServiceOptionFactory(slug="formacao")  # another service

    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceOption.objects.create(service=option.service, slug="formacao", name="De novo")


def test_a_service_links_to_its_page(ms):
    assert ServiceFactory(slug="adesao-ms-ativo").get_absolute_url() == "/servicos/adesao-ms-ativo/"
