import pytest

from apoia.society.forms_registry import RecordForm, RefuseForm

pytestmark = pytest.mark.django_db


def test_the_presentation_has_a_limit_and_a_counter():
    field = RecordForm()["description"]
    assert 'maxlength="2000"' in str(field)
    # includes/field.html draws the live counter for fields that carry a char_limit.
    assert field.field.char_limit == 2000


def test_an_overlong_refusal_reason_is_refused_in_portuguese():
    form = RefuseForm({"reason": "x" * 1001})
    assert not form.is_valid()
    assert "1.000" in form.errors["reason"][0] or "1000" in form.errors["reason"][0]
