"""CPF, CNPJ and telephone numbers as a Brazilian reader expects them.

The database keeps documents as bare digits (what the check-digit validation and the lookups
compare) and phones as typed; pages, receipts and spreadsheets for people show them punctuated.
Anything that does not look like one such number is returned as it came, never half-formatted:
a foreign phone, "0800 647 1234" or two numbers in one field stay readable as typed.
"""

from validate_docbr import CNPJ, CPF

# Landlines have 8 digits after the area code; mobiles 9, starting with 9.
_LANDLINE, _MOBILE = 10, 11
_COUNTRY = "55"


def _ascii_digits(text: str) -> str:
    return "".join(ch for ch in text if "0" <= ch <= "9")


def _only_punctuation(text: str, allowed: str) -> bool:
    """True when `text` holds nothing but ASCII digits, spaces and the characters in `allowed`."""
    return all("0" <= ch <= "9" or ch == " " or ch in allowed for ch in text)


def format_cpf(value) -> str:
    """123.456.789-09 from 12345678909 (or from an already punctuated CPF)."""
    text = str(value or "").strip()
    digits = _ascii_digits(text)
    if len(digits) != 11 or not _only_punctuation(text, ".-"):
        return text
    return CPF().mask(digits)


def format_cnpj(value) -> str:
    """12.345.678/0001-95 from 12345678000195 (or from an already punctuated CNPJ)."""
    text = str(value or "").strip()
    digits = _ascii_digits(text)
    if len(digits) != 14 or not _only_punctuation(text, "./-"):
        return text
    return CNPJ().mask(digits)


def format_document(value) -> str:
    """A CPF or a CNPJ, told apart by their number of digits."""
    text = str(value or "").strip()
    digits = _ascii_digits(text)
    if len(digits) == 11:
        return format_cpf(text)
    if len(digits) == 14:
        return format_cnpj(text)
    return text


def format_phone(value) -> str:
    """(67) 3323-7229 for a landline, (67) 99999-9999 for a mobile, with or without +55."""
    text = str(value or "").strip()
    if not _only_punctuation(text, "()-.+"):
        return text
    digits = _ascii_digits(text)
    if text.startswith("+") or len(digits) in (_LANDLINE + 2, _MOBILE + 2):
        if not digits.startswith(_COUNTRY):
            return text
        digits = digits[len(_COUNTRY) :]
    if digits.startswith("0"):
        # A trunk or carrier prefix ("0 67", "0 21 67"): too many ways to read it right.
        return text
    if len(digits) == _LANDLINE and digits[2] != "9":
        return f"({digits[:2]}) {digits[2:6]}-{digits[6:]}"
    if len(digits) == _MOBILE and digits[2] == "9":
        return f"({digits[:2]}) {digits[2:7]}-{digits[7:]}"
    return text
