"""Codes people read aloud, type or scan: registrations, certificates, attendance."""

import secrets

# No 0/O, 1/I/L: a code read over a video call or typed from paper is not mistaken.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_code(value: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())
