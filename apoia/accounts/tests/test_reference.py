from apoia.accounts.models import OrgUnit, Theme
from apoia.accounts.reference import load_org_units

# Seed 003 (CIB/SUAS/MT Resolução nº 02/2022), Art. 6º, VIII, a–n, and item VII.
MT_UNITS = {
    "mt-setasc": (None, "", ""),
    "mt-saas": ("mt-setasc", "saas@setasc.mt.gov.br", ""),
    "mt-saas-cib": ("mt-saas", "cib@setasc.mt.gov.br", ""),
    "mt-sgsuas": ("mt-saas", "sugestaodosuas@setasc.mt.gov.br", ""),
    "mt-cvs": ("mt-sgsuas", "vigilanciasocioassistencial@setasc.mt.gov.br", ""),
    "mt-cgt": (
        "mt-sgsuas",
        "gestaodotrabalho@setasc.mt.gov.br",
        "capacitasuasmt@setasc.mt.gov.br",
    ),
    "mt-neep": ("mt-cgt", "capacitasuasmt@setasc.mt.gov.br", ""),
    "mt-crgf": ("mt-sgsuas", "regulacaogfsuas@setasc.mt.gov.br", ""),
    "mt-sss": ("mt-saas", "superintenciadeservicos@setasc.mt.gov.br", ""),
    "mt-cpsb": ("mt-sss", "protecaobasica@setasc.mt.gov.br", ""),
    "mt-cpse-mc": ("mt-sss", "psemediacomplexidade@setasc.mt.gov.br", ""),
    "mt-cpse-ac": ("mt-sss", "psealtacomplexidade@setasc.mt.gov.br", ""),
    "mt-sbpps": ("mt-saas", "sbpps@setasc.mt.gov.br", ""),
    "mt-ccadunico": ("mt-sbpps", "cadpab@setasc.mt.gov.br", ""),
    "mt-cgbs": ("mt-sbpps", "gtben@setasc.mt.gov.br", ""),
    "mt-cgpps": (
        "mt-sbpps",
        "criancafeliz@setasc.mt.gov.br",
        "petimt@setasc.mt.gov.br, acessuastrabalho@setasc.mt.gov.br",
    ),
    "mt-ouvidoria": ("mt-setasc", "ouvidoria@controladoria.mt.gov.br", ""),
}


def snapshot(uf):
    return {
        unit.slug: (unit.parent.slug if unit.parent else None, unit.email, unit.other_emails)
        for unit in OrgUnit.objects.filter(state__uf=uf).select_related("parent")
    }


def theme_names(slug):
    return set(OrgUnit.objects.get(slug=slug).themes.values_list("name", flat=True))


def test_reference_loading_creates_every_mt_unit_of_seed_003_with_emails_and_parents(
    state_ms, state_mt
):
    assert load_org_units() == 21

    assert snapshot("MT") == MT_UNITS
    assert OrgUnit.objects.get(slug="mt-saas").phones == (
        "(65) 3613-5712 / 98421-2751, 3613-5711 / 98421-4080"
    )
    assert OrgUnit.objects.get(slug="mt-ouvidoria").phones == "162 / 0800-647-1520"
    assert OrgUnit.objects.get(slug="mt-saas-cib").kind == "commission"


def test_reference_units_answer_for_the_themes_the_seed_gives_them(state_ms, state_mt):
    load_org_units()

    assert theme_names("mt-cpsb") == {"PAIF", "SCFV", "Equipes volantes", "PSB no domicílio"}
    assert theme_names("mt-cpse-mc") == {"PAEFI", "Abordagem social", "Medidas socioeducativas"}
    assert theme_names("mt-cpse-ac") == {"Serviços de acolhimento"}
    assert theme_names("mt-ccadunico") == {
        "CadÚnico",
        "Programa Auxílio Brasil",
        "CECAD",
        "SIGPBF",
        "SICON",
    }
    assert theme_names("mt-cgbs") == {
        "Benefícios eventuais",
        "BPC",
        "BPC na escola",
        "BPC trabalho",
    }
    assert theme_names("mt-cgpps") == {"Criança Feliz", "PETI", "Acessuas Trabalho"}
    assert theme_names("mt-cgt") == {
        "Educação permanente",
        "Gestão do trabalho",
        "NEEP",
        "SAA",
        "CadSUAS",
    }
    assert theme_names("mt-saas") == {"Capacitação", "Apoio técnico"}
    assert Theme.objects.get(name="CadÚnico").slug == "cadunico"
    assert Theme.objects.get(name="Regularização de OSC").slug == "regularizacao-de-osc"


def test_reference_loading_creates_the_ms_units(state_ms, state_mt):
    load_org_units()

    assert snapshot("MS") == {
        "ms-sec": (None, "", ""),
        "ms-sec-spp-comunitarios": ("ms-sec", "comunitario@sec.ms.gov.br", ""),
        "ms-segem": (None, "", ""),
        "ms-ouvidoria": ("ms-sec", "", ""),
    }
    community = OrgUnit.objects.get(slug="ms-sec-spp-comunitarios")
    assert community.phones == "(67) 3323-7229"
    assert theme_names("ms-sec-spp-comunitarios") == {
        "Associativismo",
        "Cooperativismo",
        "Regularização de OSC",
        "Formação de lideranças comunitárias",
    }
    assert theme_names("ms-segem") == {"MS Ativo", "Municipalismo", "Indicadores municipais"}
    assert OrgUnit.objects.get(slug="ms-ouvidoria").phones == ""


def test_every_reference_unit_has_its_own_five_digit_protocol_code(state_ms, state_mt):
    load_org_units()

    codes = list(OrgUnit.objects.values_list("protocol_code", flat=True))
    assert len(set(codes)) == len(codes) == 21
    assert all(len(code) == 5 and code.isdigit() for code in codes)
    assert OrgUnit.objects.get(slug="ms-sec").protocol_code == "50001"
    assert OrgUnit.objects.get(slug="mt-setasc").protocol_code == "51001"


def test_reference_loading_is_idempotent_and_keeps_themes_added_by_hand(state_ms, state_mt):
    load_org_units()
    cpsb = OrgUnit.objects.get(slug="mt-cpsb")
    cpsb.themes.add(Theme.objects.create(slug="bolsa-familia", name="Bolsa Família"))
    OrgUnit.objects.filter(slug="mt-cvs").update(email="antigo@setasc.mt.gov.br")
    counts = (OrgUnit.objects.count(), Theme.objects.count())

    load_org_units()

    assert (OrgUnit.objects.count(), Theme.objects.count()) == counts
    assert snapshot("MT") == MT_UNITS
    assert "Bolsa Família" in theme_names("mt-cpsb")
