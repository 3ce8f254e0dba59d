from apoia.catalog.search import fold, search_terms


def test_fold_drops_accents_and_case():
    assert fold("Associação ÚTIL Município") == "associacao util municipio"


def test_search_terms_drop_one_plural_or_gender_ending_from_long_words():
    assert search_terms("Associações capacitação municípios OSC MS prefeituras") == [
        "associac",
        "capacitac",
        "municipio",
        "osc",
        "ms",
        "prefeitura",
    ]
