"""Protocol numbers: the federal NUP format with mod-11 check digits.

NUP (Portaria Interministerial nº 11/2019): `UUUUU.SSSSSS/AAAA-DD` — a 5-digit unit code, a
6-digit sequence restarting every year, the year, and two check digits. The first check digit
weighs the 15 digits with 16 down to 2 and is 11 − (sum mod 11), with 10 → 0 and 11 → 1; the
second does the same over the 16 digits (the first check digit included) with 17 down to 2.
Example: 23037.001462/2021-65.
"""

import re
from dataclasses import dataclass

NUP_PATTERN = re.compile(r"^(\d{5})\.?(\d{6})/?(\d{4})-?(\d{2})$")


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


def format_nup(unit: str, sequence: int, year: int) -> str:
    if not (len(unit) == 5 and unit.isdigit()):
        raise ValueError("the unit code has 5 digits")
    if not 0 < sequence <= 999_999:
        raise ValueError("the sequence has at most 6 digits")
    return str(ProtocolNumber(unit, sequence, year))


def parse_nup(text: str) -> ProtocolNumber | None:
    """The number when `text` is a well-formed NUP with valid check digits, else None.

    Accepts the digits with or without the punctuation, so a number read over the phone
    ("23037001462202165") is found too; a typo fails here, before any database lookup.
    """
    match = NUP_PATTERN.match((text or "").strip().replace(" ", ""))
    if not match:
        return None
    unit, sequence, year, digits = match.groups()
    if check_digits(unit, int(sequence), int(year)) != digits or int(sequence) == 0:
        return None
    return ProtocolNumber(unit, int(sequence), int(year))


def normalize_nup(text: str) -> str | None:
    number = parse_nup(text)
    return str(number) if number else None
