"""The English translation: a complete catalog, compiled, and served on the public pages.

The source strings (msgids) are Portuguese; English is the second language in LANGUAGES.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

import apoia

LC_MESSAGES = Path(apoia.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def read_po(path):
    """A tiny .po reader: a list of dicts with msgid, msgid_plural, msgstr (list) and flags.

    Obsolete entries (#~) are skipped, and so is the header (empty msgid).
    """
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and entry.get("msgid"):
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                field = ("msgstr", int(keyword[7:-1]))
            elif keyword == "msgstr":
                field = ("msgstr", 0)
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                field = (keyword, None)
            else:
                raise ValueError(f"Unexpected line in {path}: {raw!r}")
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] = ""
            else:
                entry[field[0]] = ""
        name, index = field
        if name == "msgstr":
            entry["msgstr"][index] += value
        else:
            entry[name] += value
    finish()
    return entries


@pytest.fixture(scope="module")
def catalog():
    return read_po(PO_FILE)


def test_the_english_catalog_is_complete(catalog):
    assert len(catalog) > 500
    untranslated = [
        entry["msgid"]
        for entry in catalog
        if not entry["msgstr"] or not all(entry["msgstr"].values())
    ]
    fuzzy = [entry["msgid"] for entry in catalog if "fuzzy" in entry["flags"]]

    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_both_forms(catalog):
    plurals = [entry for entry in catalog if entry["msgid_plural"] is not None]

    assert plurals
    for entry in plurals:
        assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


def test_translations_keep_every_placeholder(catalog):
    for entry in catalog:
        for index, text in entry["msgstr"].items():
            source = entry["msgid"] if index == 0 else entry["msgid_plural"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), entry[
                "msgid"
            ]


def test_the_compiled_catalog_matches_the_po_file(catalog):
    # The .mo is committed so the site runs without gettext; it must not lag behind the .po.
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in catalog:
        # pgettext entries (msgctxt) are only found under their context.
        context = entry.get("msgctxt")
        if entry["msgid_plural"] is None:
            found = (
                compiled.pgettext(context, entry["msgid"])
                if context is not None
                else compiled.gettext(entry["msgid"])
            )
            assert found == entry["msgstr"][0]
        else:
            for count, index in ((1, 0), (2, 1)):
                found = (
                    compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], count)
                    if context is not None
                    else compiled.ngettext(entry["msgid"], entry["msgid_plural"], count)
                )
                assert found == entry["msgstr"][index]


def test_django_serves_the_english_strings():
    with translation.override("en"):
        assert translation.gettext("Entrar") == "Sign in"
        assert translation.gettext("Carta de Serviços") == "Service Charter"
        assert (
            translation.ngettext("%(amount)d dia útil", "%(amount)d dias úteis", 3) % {"amount": 3}
            == "3 business days"
        )
    with translation.override("pt-br"):
        assert translation.gettext("Entrar") == "Entrar"


# The pages need no data: no state, no service, no user.
PAGES = {
    "/": {
        "en": ["Start here", "Track a request", "What Apoia organizes", "Skip to content"],
        "pt-br": ["Comece por aqui", "Acompanhar um pedido", "O que o Apoia organiza"],
    },
    "/servicos/": {
        "en": ["Service Charter", "Clear filters", "Search and filter services"],
        "pt-br": ["Carta de Serviços", "Limpar filtros", "Buscar e filtrar serviços"],
    },
    "/contas/entrar/": {
        "en": [
            "Sign in</button>",
            "I forgot my password",
            "Use the email and password registered in Apoia.",
        ],
        "pt-br": [
            "Entrar</button>",
            "Esqueci minha senha",
            "Use o e-mail e a senha cadastrados no Apoia.",
        ],
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(PAGES))
def test_accept_language_en_shows_the_english_page(client, path):
    response = client.get(path, headers={"accept-language": "en"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    for text in PAGES[path]["en"]:
        assert text in page
    for text in PAGES[path]["pt-br"]:
        assert text not in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(PAGES))
def test_portuguese_is_the_default(client, path):
    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="pt-br">' in page
    for text in PAGES[path]["pt-br"]:
        assert text in page
    for text in PAGES[path]["en"]:
        assert text not in page


@pytest.mark.django_db
def test_choosing_english_with_setlang_sticks_across_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/servicos/"})

    assert response.status_code == 302
    assert response["Location"] == "/servicos/"
    for path, texts in PAGES.items():
        page = client.get(path).content.decode()
        assert '<html lang="en">' in page
        for text in texts["en"]:
            assert text in page

    client.post("/i18n/setlang/", {"language": "pt-br", "next": "/"})
    page = client.get("/contas/entrar/").content.decode()
    assert '<html lang="pt-br">' in page
    assert "Esqueci minha senha" in page


@pytest.mark.django_db
def test_the_language_switcher_offers_both_languages(client):
    page = client.get("/").content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert 'name="language" value="en"' in page
    assert 'name="language" value="pt-br"' in page
