"""Every <select> of the site says what to choose instead of Django's "---------"."""

import pytest
from django import forms
from django.contrib.auth.models import Group


class Sample(forms.Form):
    optional = forms.ChoiceField(
        label="Tema", required=False, choices=[("", "---------"), ("a", "A")]
    )
    required = forms.ChoiceField(label="Tipo", choices=[("", "---------"), ("a", "A"), ("b", "B")])
    dash = forms.ChoiceField(label="Canal", required=False, choices=[("", "—"), ("a", "A")])
    own = forms.ChoiceField(label="Público", required=False, choices=[("", "Todos"), ("a", "A")])
    many = forms.MultipleChoiceField(label="Vários", required=False, choices=[("a", "A")])


def test_an_optional_select_offers_selecione_instead_of_dashes():
    assert str(Sample()["optional"]) == (
        '<select name="optional" id="id_optional">\n'
        '  <option value="" selected>Selecione…</option>\n\n'
        '  <option value="a">A</option>\n\n'
        "</select>"
    )


def test_a_required_select_shows_a_disabled_placeholder():
    assert '<option value="" selected disabled>Selecione…</option>' in str(Sample()["required"])


def test_a_required_select_keeps_the_choice_made_and_its_placeholder_disabled():
    html = str(Sample({"required": "b"})["required"])

    assert '<option value="" disabled>Selecione…</option>' in html
    assert '<option value="b" selected>B</option>' in html


def test_a_value_matching_no_option_leaves_the_placeholder_selected_not_the_first_option():
    html = str(Sample({"required": "zzz"})["required"])

    assert '<option value="" selected disabled>Selecione…</option>' in html
    assert '<option value="a">A</option>' in html


def test_the_dash_some_forms_used_becomes_selecione_too():
    assert '<option value="" selected>Selecione…</option>' in str(Sample()["dash"])


def test_a_placeholder_the_form_chose_is_kept():
    assert '<option value="" selected>Todos</option>' in str(Sample()["own"])


def test_a_multiple_select_gets_no_placeholder():
    assert "Selecione" not in str(Sample()["many"])


@pytest.mark.django_db
def test_a_model_choice_field_gets_the_placeholder_as_well():
    field = forms.ModelChoiceField(queryset=Group.objects.all(), required=False)
    form = forms.Form()
    form.fields["group"] = field

    assert '<option value="" selected>Selecione…</option>' in str(form["group"])
