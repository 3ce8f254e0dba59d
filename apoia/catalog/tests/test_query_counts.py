from django.db import connection
from django.test.utils import CaptureQueriesContext

from apoia.catalog.tests.factories import AudienceFactory, ServiceFactory, ThemeFactory


def queries_for(client, url, services):
    for _ in range(services):
        ServiceFactory(
            audiences=[AudienceFactory(), AudienceFactory()],
            themes=[ThemeFactory(), ThemeFactory()],
        )
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_page_costs_the_same_queries_for_one_service_or_many(client, ms):
    one = queries_for(client, "/servicos/", 1)
    many = queries_for(client, "/servicos/", 6)

    assert one == many


def test_the_api_list_costs_the_same_queries_for_one_service_or_many(client, ms):
    one = queries_for(client, "/api/v1/services", 1)
    many = queries_for(client, "/api/v1/services", 6)

    assert one == many
