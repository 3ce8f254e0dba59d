"""Load the states and IBGE municipalities shipped in `data/` (see data/SOURCES.md)."""

import csv
from pathlib import Path

from django.db import transaction

from apoia.territory.models import Municipality, State

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@transaction.atomic
def load_territory() -> tuple[int, int]:
    """Create or update every state and municipality; safe to run again."""
    municipality_rows = list(_rows("municipios_brasil.csv"))
    capital_timezone = {
        int(r["codigo_uf"]): r["fuso_horario"] for r in municipality_rows if r["capital"] == "1"
    }
    states = [
        State(
            code=int(r["codigo_uf"]),
            uf=r["uf"],
            name=r["nome"],
            region=r["regiao"],
            timezone=capital_timezone.get(int(r["codigo_uf"]), "America/Sao_Paulo"),
        )
        for r in _rows("ufs_brasil.csv")
    ]
    State.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["uf", "name", "region", "timezone"],
    )
    municipalities = [
        Municipality(
            ibge=int(r["codigo_ibge"]),
            name=r["nome"],
            state_id=int(r["codigo_uf"]),
            is_capital=r["capital"] == "1",
            latitude=float(r["latitude"]) if r["latitude"] else None,
            longitude=float(r["longitude"]) if r["longitude"] else None,
            siafi=r["siafi_id"],
            ddd=int(r["ddd"]) if r["ddd"] else None,
            timezone=r["fuso_horario"],
        )
        for r in municipality_rows
    ]
    Municipality.objects.bulk_create(
        municipalities,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["ibge"],
        update_fields=[
            "name",
            "state",
            "is_capital",
            "latitude",
            "longitude",
            "siafi",
            "ddd",
            "timezone",
        ],
    )
    return len(states), len(municipalities)
