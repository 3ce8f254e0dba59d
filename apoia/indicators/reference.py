"""Load the indicators shipped in `data/` (see data/SOURCES.md): 29 definitions and their values.

The values go through the same import as any uploaded file, as one batch ("carga inicial")
that can be seen and rolled back like the others. Loading again is a no-op once a committed
batch has the file's checksum.
"""

import csv
import hashlib
from pathlib import Path

from django.db import transaction

from apoia.indicators import importing
from apoia.indicators.models import (
    CriticalityRule,
    Direction,
    ImportBatch,
    ImportStatus,
    Indicator,
    Periodicity,
    RuleKind,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFINITIONS = DATA_DIR / "indicadores_definicoes.csv"
VALUES = DATA_DIR / "indicadores_valores_ms_mt.csv"
INITIAL_LOAD_NAME = "carga inicial: indicadores_valores_ms_mt.csv"

DIRECTIONS = {
    "maior_melhor": Direction.HIGHER_IS_BETTER,
    "menor_melhor": Direction.LOWER_IS_BETTER,
    "neutro": Direction.NEUTRAL,
}

AXES = {
    "Desenvolvimento humano": ["idhm", "idhm_e", "idhm_l", "idhm_r"],
    "Saúde": ["espvida", "mort1", "mort5"],
    "Educação": [
        "t_analf18m",
        "e_anosestudo",
        "t_atraso_2_fund",
        "t_fora4a5",
        "t_crifundin_todos",
    ],
    "Renda e pobreza": ["rdpc", "gini", "pind", "pindcri", "pmpob", "t_rmaxidoso"],
    "Trabalho": ["t_des", "t_nestuda_ntrab_mmeio"],
    "Habitação e saneamento": ["t_agua", "t_banagua", "agua_esgoto", "t_lixo", "t_luz", "t_dens"],
    "Demografia": ["fectot", "populacao"],
    "Economia": ["pib_per_capita"],
}
AXIS_OF = {code: axis for axis, codes in AXES.items() for code in codes}

# The accepted range of each unit: values outside are typing errors in an uploaded file.
RANGES = {
    "%": (0.0, 100.0),
    "índice 0–1": (0.0, 1.0),
}
CODE_RANGES = {
    "espvida": (0.0, 120.0),
    "e_anosestudo": (0.0, 30.0),
    "mort1": (0.0, 1000.0),
    "mort5": (0.0, 1000.0),
    "fectot": (0.0, 20.0),
    "rdpc": (0.0, None),
    "populacao": (0.0, None),
    "pib_per_capita": (0.0, None),
}

ATLAS = {
    "periodicity": Periodicity.DECENNIAL,
    "source_url": "http://www.atlasbrasil.org.br/",
    "licence": (
        "Dados públicos do Atlas do Desenvolvimento Humano no Brasil (PNUD, Ipea, FJP); "
        "compilação abjur/abjData, licença MIT © 2016 Associação Brasileira de Jurimetria"
    ),
}
SOURCES = {
    "populacao": {
        "periodicity": Periodicity.ANNUAL,
        "source_url": "https://sidra.ibge.gov.br/tabela/6579",
        "licence": (
            "Dados públicos do IBGE (reutilização com citação da fonte); "
            "compilação rfsaldanha/brpop, licença MIT © 2022 brpop authors"
        ),
    },
    "pib_per_capita": {
        "periodicity": Periodicity.ANNUAL,
        "source_url": "https://sidra.ibge.gov.br/tabela/5938",
        "licence": (
            "Dados públicos do IBGE, PIB dos Municípios (SIDRA 5938), "
            "reutilização com citação da fonte"
        ),
    },
}


def decimals_for(unit: str) -> int:
    if unit.startswith("índice"):
        return 3
    if unit == "habitantes":
        return 0
    return 2


def definitions() -> list[dict]:
    """The shipped definitions as Indicator field values, in the file's order."""
    with open(DEFINITIONS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found = []
    for row in rows:
        code, unit = row["codigo"], row["unidade"]
        low, high = CODE_RANGES.get(code) or RANGES.get(unit) or (None, None)
        found.append(
            {
                "code": code,
                "name": row["nome"],
                "description": row["descricao"],
                "unit": unit,
                "source": row["fonte"],
                "direction": DIRECTIONS[row["direcao"]],
                "axis": AXIS_OF.get(code, ""),
                "decimals": decimals_for(unit),
                "min_value": low,
                "max_value": high,
                **SOURCES.get(code, ATLAS),
            }
        )
    return found


# Provenance always follows the file; what an administrator tunes (direction, axis, ranges,
# national reference, publication) is kept when the indicator already exists.
PROVENANCE_FIELDS = ["name", "description", "unit", "source", "source_url", "licence"]


@transaction.atomic
def load_definitions() -> int:
    shipped = definitions()
    existing = set(
        Indicator.objects.filter(code__in=[d["code"] for d in shipped]).values_list(
            "code", flat=True
        )
    )
    Indicator.objects.bulk_create([Indicator(**d) for d in shipped if d["code"] not in existing])
    for d in shipped:
        if d["code"] in existing:
            Indicator.objects.filter(code=d["code"]).update(
                **{name: d[name] for name in PROVENANCE_FIELDS}
            )
    return len(shipped)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_values() -> int:
    """Import the shipped values once; 0 when a committed batch already has this file."""
    if ImportBatch.objects.filter(
        sha256=file_sha256(VALUES), status=ImportStatus.COMMITTED
    ).exists():
        return 0
    batch, result = importing.import_file(VALUES, file_name=INITIAL_LOAD_NAME, commit=True)
    if batch.status != ImportStatus.COMMITTED:
        first = "; ".join(f"linha {e['row']}: {e['message']}" for e in result.errors[:5])
        raise RuntimeError(
            f"A carga inicial de indicadores tem {result.error_count} erros ({first}). "
            "Carregue antes o território: apoia load_reference"
        )
    return batch.rows_valid


@transaction.atomic
def load_default_rules() -> int:
    """A worst-quintile rule for each indicator with a better and a worse side, so the map's
    flags and the profiles say something on a fresh install. Only indicators without any rule
    get one: rules an analyst edited, disabled or replaced are left alone."""
    without_rules = Indicator.objects.exclude(direction=Direction.NEUTRAL).filter(
        rules__isnull=True
    )
    created = CriticalityRule.objects.bulk_create(
        [
            CriticalityRule(indicator=indicator, kind=RuleKind.WORST_QUANTILE, quantile=0.2)
            for indicator in without_rules
        ]
    )
    return len(created)


def load_indicators() -> tuple[int, int]:
    """(indicators defined, values imported now) — the second is 0 when already loaded."""
    defined, imported = load_definitions(), load_values()
    load_default_rules()
    return defined, imported
