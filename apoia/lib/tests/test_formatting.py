"""CPF, CNPJ and phone numbers formatted for reading, and left alone when they are not one."""

import pytest
from django.template import Context, Template

from apoia.lib.formatting import format_cnpj, format_cpf, format_document, format_phone


def test_a_cpf_of_bare_digits_gets_its_dots_and_dash():
    assert format_cpf("52998224725") == "529.982.247-25"


def test_an_already_punctuated_cpf_stays_the_same():
    assert format_cpf("529.982.247-25") == "529.982.247-25"


def test_a_cnpj_of_bare_digits_gets_its_dots_slash_and_dash():
    assert format_cnpj("12345678000195") == "12.345.678/0001-95"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("52998224725", "529.982.247-25"), ("11444777000161", "11.444.777/0001-61")],
)
def test_cpf_cnpj_tells_the_two_apart_by_their_length(stored, shown):
    assert format_document(stored) == shown


@pytest.mark.parametrize("value", ["", None, "1234", "52998224725X", "٥٢٩٩٨٢٢٤٧٢٥"])
def test_what_is_not_a_document_is_shown_as_it_came(value):
    assert format_document(value) == (value or "")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("6733237229", "(67) 3323-7229"),
        ("67 3323 7229", "(67) 3323-7229"),
        ("(67)3323-7229", "(67) 3323-7229"),
        ("67999999999", "(67) 99999-9999"),
        ("+55 67 99999-9999", "(67) 99999-9999"),
        ("556733237229", "(67) 3323-7229"),
    ],
)
def test_a_brazilian_phone_is_shown_with_area_code_and_dash(typed, shown):
    assert format_phone(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "0800 647 1234",
        "(65) 3613-5712 / 98421-2751",
        "+1 202 555 0143",
        "3323-7229",
        "ramal 22",
        "067 3323 7229",
    ],
)
def test_a_phone_that_is_not_one_brazilian_number_is_shown_as_typed(typed):
    assert format_phone(typed) == typed


def test_the_template_filters_format_each_kind():
    template = Template(
        "{% load formatting %}{{ cpf|cpf }} {{ cnpj|cnpj }} {{ doc|cpf_cnpj }} {{ tel|phone }}"
    )
    context = Context(
        {
            "cpf": "52998224725",
            "cnpj": "12345678000195",
            "doc": "11444777000161",
            "tel": "6733237229",
        }
    )
    assert template.render(context) == (
        "529.982.247-25 12.345.678/0001-95 11.444.777/0001-61 (67) 3323-7229"
    )


def test_the_filters_still_escape_what_they_leave_alone():
    template = Template("{% load formatting %}{{ tel|phone }}")
    assert template.render(Context({"tel": "<b>67</b>"})) == "&lt;b&gt;67&lt;/b&gt;"
