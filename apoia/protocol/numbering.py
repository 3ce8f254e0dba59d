"""Protocol numbers: the federal NUP format with mod-11 check digits.

NUP (Portaria Interministerial nº 11/2019): `UUUUU.SSSSSS/AAAA-DD` — a 5-digit unit code, a
6-digit sequence restarting every year, the year, and two check digits. The first check digit
weighs the 15 digits with 16 down to 2 and is 11 − (sum mod 11), with 10 → 0 and 11 → 1; the
second does the same over the 16 digits (the first check digit included) with 17 down to 2.
Example: 23037.001462/2021-65.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings

NUP_TEMPLATE = "{unit}.{sequence}/{year}-{dv}"
# str.isdigit() also says yes to "¹", "٣" and "３", which int() then rejects or turns into a
# number nobody typed: a protocol number is made of these ten characters only.
DIGITS = frozenset("0123456789")
WIDTHS = {"unit": 5, "sequence": 6, "year": 4, "dv": 2}
PLACEHOLDER = re.compile(r"\{(unit|sequence|year|dv)\}")


def check_digit(digits: str) -> int:
    weights = range(len(digits) + 1, 1, -1)
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return {10: 0, 11: 1}.get(remainder, remainder)


def check_digits(unit: str, sequence: int, year: int) -> str:
    body = f"{unit}{sequence:06d}{year:04d}"
    first = check_digit(body)
    second = check_digit(body + str(first))
    return f"{first}{second}"


@dataclass(frozen=True)
class ProtocolNumber:
    unit: str
    sequence: int
    year: int

    def __str__(self) -> str:
        return (
            f"{self.unit}.{self.sequence:06d}/{self.year:04d}-"
            f"{check_digits(self.unit, self.sequence, self.year)}"
        )


class ProtocolFormat:
    """A protocol number layout: the NUP by default, or a local one set in
    APOIA_PROTOCOL_FORMAT, e.g. "SEC-{year}-{unit}-{sequence}-{dv}". Every layout carries the
    same four parts, so numbers keep their check digits and their 17-digit URL form."""

    def __init__(self, template: str):
        names = PLACEHOLDER.findall(template)
        if sorted(names) != sorted(WIDTHS):
            raise ValueError(
                "APOIA_PROTOCOL_FORMAT must use {unit}, {sequence}, {year} and {dv} once each"
            )
        if any(ch.isdigit() for ch in PLACEHOLDER.sub("", template)):
            raise ValueError("APOIA_PROTOCOL_FORMAT may not contain digits of its own")
        self.template = template
        self.order = names

    def format(self, unit: str, sequence: int, year: int) -> str:
        if not (len(unit) == 5 and set(unit) <= DIGITS):
            raise ValueError("the unit code has 5 digits")
        if not 0 < sequence <= 999_999:
            raise ValueError("the sequence has at most 6 digits")
        return self.template.format(
            unit=unit,
            sequence=f"{sequence:06d}",
            year=f"{year:04d}",
            dv=check_digits(unit, sequence, year),
        )

    def parse(self, text: str) -> ProtocolNumber | None:
        """The number when `text` has its 17 digits with valid check digits, else None.

        Punctuation is optional, so a number read over the phone ("23037001462202165") is
        found too; a typo fails here, before any database lookup. Any other kind of digit
        (superscript, Arabic-Indic, fullwidth) makes it no number at all, rather than being
        read as punctuation and leaving a different number behind.
        """
        text = text or ""
        if any(ch.isdigit() and ch not in DIGITS for ch in text):
            return None
        digits = "".join(ch for ch in text if ch in DIGITS)
        if len(digits) != sum(WIDTHS.values()):
            return None
        parts, position = {}, 0
        for name in self.order:
            parts[name] = digits[position : position + WIDTHS[name]]
            position += WIDTHS[name]
        sequence, year = int(parts["sequence"]), int(parts["year"])
        if sequence == 0 or check_digits(parts["unit"], sequence, year) != parts["dv"]:
            return None
        return ProtocolNumber(parts["unit"], sequence, year)

    def normalize(self, text: str) -> str | None:
        number = self.parse(text)
        return self.format(number.unit, number.sequence, number.year) if number else None


@functools.cache
def _format_for(template: str) -> ProtocolFormat:
    return ProtocolFormat(template)


def protocol_format() -> ProtocolFormat:
    return _format_for(getattr(settings, "APOIA_PROTOCOL_FORMAT", NUP_TEMPLATE))


NUP = ProtocolFormat(NUP_TEMPLATE)


def format_nup(unit: str, sequence: int, year: int) -> str:
    return NUP.format(unit, sequence, year)


def parse_nup(text: str) -> ProtocolNumber | None:
    return NUP.parse(text)


def format_protocol(unit: str, sequence: int, year: int) -> str:
    """A new number in the configured layout."""
    return protocol_format().format(unit, sequence, year)


def normalize_protocol(text: str) -> str | None:
    """A typed number in the configured layout, or None when it is not a valid number."""
    return protocol_format().normalize(text)
