import pytest

from apoia.protocol.numbering import check_digits, format_nup, normalize_nup, parse_nup


def test_the_federal_example_has_check_digits_65():
    assert check_digits("23037", 1462, 2021) == "65"
    assert format_nup("23037", 1462, 2021) == "23037.001462/2021-65"


@pytest.mark.parametrize(
    "typed",
    ["23037.001462/2021-65", "23037001462202165", " 23037.001462/2021-65 ", "23037.001462/202165"],
)
def test_a_well_formed_number_is_accepted_with_or_without_punctuation(typed):
    assert normalize_nup(typed) == "23037.001462/2021-65"


@pytest.mark.parametrize(
    "typed",
    [
        "23037.001462/2021-56",  # check digits swapped
        "23037.001426/2021-65",  # sequence digits swapped
        "23037.001462/2021-6",
        "23037.000000/2021-00",
        "abc",
        "",
    ],
)
def test_a_mistyped_number_is_rejected_before_any_lookup(typed):
    assert parse_nup(typed) is None


def test_every_single_digit_typo_is_caught():
    number = "23037001462202165"
    for position in range(15):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            typo = number[:position] + digit + number[position + 1 :]
            assert parse_nup(typo) is None, typo
