import pytest

from apoia.protocol.numbering import check_digits, format_nup, normalize_protocol, parse_nup


def test_the_federal_example_has_check_digits_65():
    assert check_digits("23037", 1462, 2021) == "65"
    assert format_nup("23037", 1462, 2021) == "23037.001462/2021-65"


@pytest.mark.parametrize(
    "typed",
    ["23037.001462/2021-65", "23037001462202165", " 23037.001462/2021-65 ", "23037.001462/202165"],
)
def test_a_well_formed_number_is_accepted_with_or_without_punctuation(typed):
    assert normalize_protocol(typed) == "23037.001462/2021-65"


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


def test_a_local_format_keeps_the_parts_and_the_check_digits(settings):
    from apoia.protocol.numbering import format_protocol, normalize_protocol

    settings.APOIA_PROTOCOL_FORMAT = "SEC-{year}-{unit}-{sequence}-{dv}"

    number = format_protocol("50002", 17, 2027)

    assert number == f"SEC-2027-50002-000017-{check_digits('50002', 17, 2027)}"
    assert normalize_protocol(number) == number
    assert normalize_protocol(number.replace("-", "")) == number
    assert normalize_protocol(number[:-1] + "0" if number[-1] != "0" else number[:-1] + "1") is None


def test_a_local_format_must_name_every_part():
    from apoia.protocol.numbering import ProtocolFormat

    with pytest.raises(ValueError):
        ProtocolFormat("{year}-{sequence}")
