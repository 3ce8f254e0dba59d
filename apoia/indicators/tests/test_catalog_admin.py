"""The Django admin of indicators: catalog with rules, read-only values and batches, rollback."""

import pytest
from django.urls import reverse

from apoia.indicators import importing
from apoia.indicators.models import ImportStatus, Indicator, IndicatorValue
from apoia.territory.models import Municipality


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def idhm(state_ms):
    Municipality.objects.create(ibge=5002704, name="Campo Grande", state=state_ms)
    Municipality.objects.create(ibge=5003702, name="Dourados", state=state_ms)
    return Indicator.objects.create(
        code="idhm", name="IDHM", direction="higher_better", min_value=0, max_value=1
    )


def imported(tmp_path, name, text):
    path = tmp_path / name
    path.write_text("ibge,indicator,period,value\n" + text)
    return importing.import_file(path, commit=True)[0]


def test_the_indicator_form_has_the_criticality_rules_inline(admin_client, idhm):
    response = admin_client.get(reverse("admin:indicators_indicator_change", args=[idhm.pk]))
    assert response.status_code == 200
    assert "rules-TOTAL_FORMS" in response.content.decode()


def test_values_are_found_by_municipality_code_and_cannot_be_edited(admin_client, idhm, tmp_path):
    imported(tmp_path, "a.csv", "5002704,idhm,2010,0.784\n5003702,idhm,2010,0.7\n")
    response = admin_client.get(
        reverse("admin:indicators_indicatorvalue_changelist"), {"q": "5003702"}
    )
    assert [v.municipality_id for v in response.context["cl"].result_list] == [5003702]
    value = IndicatorValue.objects.get(municipality_id=5003702)
    change = admin_client.post(
        reverse("admin:indicators_indicatorvalue_change", args=[value.pk]), {"value": "0.1"}
    )
    assert change.status_code == 403
    assert IndicatorValue.objects.get(pk=value.pk).value == 0.7


def test_the_rollback_action_undoes_newest_first(admin_client, admin_user, idhm, tmp_path):
    first = imported(tmp_path, "a.csv", "5002704,idhm,2010,0.7\n")
    second = imported(tmp_path, "b.csv", "5002704,idhm,2010,0.8\n")
    response = admin_client.post(
        reverse("admin:indicators_importbatch_changelist"),
        {"action": "rollback_batches", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ImportStatus.ROLLED_BACK, ImportStatus.ROLLED_BACK)
    assert second.rolled_back_by == admin_user
    assert IndicatorValue.objects.count() == 0
