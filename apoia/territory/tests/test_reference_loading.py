"""Loading the territory again writes only what differs from the shipped data."""

from apoia.territory.models import Municipality
from apoia.territory.reference import load_territory


def test_a_second_load_restores_a_changed_municipality_and_adds_nothing(db):
    load_territory({"MS"})
    count = Municipality.objects.count()
    Municipality.objects.filter(ibge=5002704).update(name="Campo Errado", ddd=None)

    assert load_territory({"MS"}) == (1, count)

    assert Municipality.objects.count() == count == 79
    assert Municipality.objects.values_list("name", "ddd").get(ibge=5002704) == (
        "Campo Grande",
        67,
    )
