"""Load the states and IBGE municipalities shipped in `data/` (see data/SOURCES.md)."""

import csv
from pathlib import Path

from django.db import transaction

from apoia.territory.models import Municipality, State

DATA_DIR = Path(__file__).resolve().parent / "data"

# The source names UTC-4 zones after Porto Velho; same offset today, but the IANA zones of the
# states' own capitals keep their history (DST until 2019) right for past dates.
STATE_TIMEZONES = {"MS": "America/Campo_Grande", "MT": "America/Cuiaba"}


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@transaction.atomic
def load_territory(ufs: set[str] | None = None) -> tuple[int, int]:
    """Create or update every state and municipality (or only those of `ufs`); idempotent."""
    municipality_rows = [r for r in _rows("municipios_brasil.csv") if not ufs or r["uf"] in ufs]
    capital_timezone = {
        int(r["codigo_uf"]): r["fuso_horario"] for r in municipality_rows if r["capital"] == "1"
    }
    states = [
        State(
            code=int(r["codigo_uf"]),
            uf=r["uf"],
            name=r["nome"],
            region=r["regiao"],
            timezone=STATE_TIMEZONES.get(r["uf"])
            or capital_timezone.get(int(r["codigo_uf"]), "America/Sao_Paulo"),
        )
        for r in _rows("ufs_brasil.csv")
        if not ufs or r["uf"] in ufs
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
    # A second run finds the rows already there: writing only what differs keeps `make run`
    # quick (an upsert of all 5,571 rows takes seconds).
    fields = ["name", "state_id", "is_capital", "latitude", "longitude", "siafi", "ddd", "timezone"]
    stored = {row[0]: row[1:] for row in Municipality.objects.values_list("ibge", *fields)}
    changed = [
        m for m in municipalities if stored.get(m.ibge) != tuple(getattr(m, f) for f in fields)
    ]
    Municipality.objects.bulk_create(
        changed,
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
