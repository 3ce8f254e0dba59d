"""Accent- and case-insensitive text matching that works the same on SQLite and PostgreSQL."""

import unicodedata


def fold(text: str) -> str:
    """`text` without accents, case-folded: "Associação" and "associacao" fold alike.

    Services store their folded text in a column and searches fold the query, so no database
    extension (PostgreSQL `unaccent`) or collation is needed.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Plural and gender endings, longest first; dropping one lets "associacao" find "associacoes"
# and "municipio" find "municipios". Searches match substrings, so a shorter stem is enough.
ENDINGS = ("oes", "aes", "ais", "eis", "ois", "ns", "ao", "es", "s", "a", "o", "e")
MIN_STEM = 4


def search_terms(query: str) -> list[str]:
    """The folded stems of `query`'s words; a service must contain every one."""
    terms = []
    for word in fold(query).split():
        for ending in ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        terms.append(word)
    return terms
