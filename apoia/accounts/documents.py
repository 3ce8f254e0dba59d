"""Brazilian registry numbers: completing and formatting a CNPJ with validate_docbr."""

from validate_docbr import CNPJ


def complete_cnpj(base: str) -> str:
    """The valid 14-digit CNPJ that starts with these 12 digits (root + branch)."""
    if len(base) != 12 or not base.isdigit():
        raise ValueError("a CNPJ base has 12 digits")
    validator = CNPJ()
    # Let the library decide which check digits are right instead of re-implementing mod 11.
    for check in range(100):
        candidate = f"{base}{check:02d}"
        if validator.validate(candidate):
            return candidate
    raise ValueError(f"no valid CNPJ starts with {base}")


def format_cnpj(value: str) -> str:
    """12.345.678/0001-95 for display; anything that is not 14 characters is returned as is."""
    return CNPJ().mask(value) if value and len(value) == 14 else value
