"""Indicator import speed: a synthetic long CSV of `n_values` rows, previewed then committed.

`bench_import(n)` needs Django set up and the reference municipalities loaded (bench/run.py
does both). Alone: `APOIA_HTTPS=false .venv/bin/python bench/bench_indicators.py 1000000`
runs it against a throwaway database.
"""

import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_PREFIX = "bench_"


def write_long_csv(path: Path, n_values: int, ibges: list[int], years: range) -> list[str]:
    """Real municipality codes × synthetic indicators × years, `n_values` rows; the codes."""
    per_indicator = len(ibges) * len(years)
    codes = [f"{BENCH_PREFIX}{i:04d}" for i in range(-(-n_values // per_indicator))]
    rng = random.Random(42)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("ibge,indicator,period,value\n")
        for code in codes:
            lines = []
            for year in years:
                for ibge in ibges:
                    if written == n_values:
                        break
                    lines.append(f"{ibge},{code},{year},{rng.uniform(0, 100):.2f}\n")
                    written += 1
            fh.writelines(lines)
    return codes


def bench_import(n_values: int = 1_000_000) -> dict:
    """Seconds to preview and to commit `n_values` long-form values (SQLite or PostgreSQL)."""
    from apoia.indicators.importing import commit_batch, create_batch, preview_batch
    from apoia.indicators.models import Direction, Indicator
    from apoia.territory.models import Municipality

    ibges = list(
        Municipality.objects.filter(state__uf__in=["MS", "MT"])
        .order_by("ibge")
        .values_list("ibge", flat=True)
    )
    if not ibges:
        raise RuntimeError("Municípios de MS e MT ausentes: execute apoia load_reference.")
    with tempfile.TemporaryDirectory(prefix="apoia-bench-import-") as tmp:
        path = Path(tmp) / "valores.csv"
        codes = write_long_csv(path, n_values, ibges, range(2000, 2025))
        Indicator.objects.bulk_create(
            [
                Indicator(code=code, name=code, direction=Direction.NEUTRAL, min_value=0)
                for code in codes
            ],
            ignore_conflicts=True,
        )
        size = path.stat().st_size
        start = time.perf_counter()
        with open(path, "rb") as fh:
            batch = create_batch(fh, file_name=path.name)
        stored = time.perf_counter()
        result = preview_batch(batch)
        previewed = time.perf_counter()
        if not result.is_valid:
            raise RuntimeError(f"bench file invalid: {result.errors[:3]}")
        commit_batch(batch)
        committed = time.perf_counter()
    return {
        "values": batch.rows_valid,
        "bytes": size,
        "store_s": stored - start,
        "preview_s": previewed - stored,
        "commit_s": committed - previewed,
        "total_s": committed - start,
    }


def main() -> None:
    if "APOIA_VAR_DIR" not in os.environ:
        var_dir = tempfile.mkdtemp(prefix="apoia-bench-")
        atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
        os.environ["APOIA_VAR_DIR"] = var_dir
    os.environ.setdefault("APOIA_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apoia.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    from apoia.territory.reference import load_territory

    call_command("migrate", verbosity=0)
    load_territory({"MS", "MT"})
    n_values = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    timings = bench_import(n_values)
    sys.stdout.write(
        f"{timings['values']:,} values ({timings['bytes'] / 1e6:.1f} MB): "
        f"store {timings['store_s']:.1f} s, preview {timings['preview_s']:.1f} s, "
        f"commit {timings['commit_s']:.1f} s, total {timings['total_s']:.1f} s\n"
    )


if __name__ == "__main__":
    main()
