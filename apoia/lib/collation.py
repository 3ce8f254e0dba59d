"""Names in the order Portuguese readers expect, on SQLite and PostgreSQL alike.

Byte order puts "Água Clara" after "Zé Doca" and "Fátima do Sul" after "Figueirão"; readers
look for them among the A's and the F's. Both engines know a collation named `pt_br`:
PostgreSQL's is the ICU collation for pt-BR, created by a migration of the territory app;
SQLite's is `compare` below, registered on every connection by apoia.lib.sqlite3. Order by
`portuguese("name")` (or use it in a model's Meta.ordering), and sort Python lists with
`reading_key`, so a list reads the same whichever engine or code path produced it.
"""

import unicodedata

from django.db.models.functions import Collate

NAME = "pt_br"
POSTGRESQL_SQL = f"CREATE COLLATION IF NOT EXISTS {NAME} (provider = icu, locale = 'pt-BR')"


def reading_key(text: str) -> tuple[str, str]:
    """Letters without their accents and case first; the exact text breaks ties."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return letters.casefold(), text


def compare(left: str, right: str) -> int:
    """SQLite's collation callback: negative, zero or positive like C's strcmp."""
    a, b = reading_key(left), reading_key(right)
    return (a > b) - (a < b)


def portuguese(field: str) -> Collate:
    return Collate(field, NAME)
