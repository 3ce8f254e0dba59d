"""`make bench`: time the hot paths of one database and save them as JSON.

`scripts/bench.sh` runs this once on SQLite and once on a throwaway PostgreSQL, then
`bench/report.py` writes bench/RESULTS.md with both side by side. Each run uses its own
temporary var/ (and database), never yours.
"""

import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("APOIA_VAR_DIR", tempfile.mkdtemp(prefix="apoia-bench-"))
os.environ.setdefault("APOIA_HTTPS", "false")
# Static files without a collectstatic manifest, as in the tests.
os.environ.setdefault("APOIA_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apoia.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from bench_indicators import bench_import  # noqa: E402
from bench_indicators_analysis import bench_map_data, bench_ranking  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from apoia.territory.calendar import BusinessCalendar, compute_deadline  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    label = sys.argv[1] if len(sys.argv) > 1 else connection.vendor
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "bench" / f"results-{label}.json"
    n_values = int(os.environ.get("APOIA_BENCH_VALUES", "1000000"))

    call_command("migrate", verbosity=0)
    rows = [
        (
            "load_reference (5,571 municipalities, units, catalog, 27,146 indicator values)",
            timed(lambda: call_command("load_reference", verbosity=0), 1),
        )
    ]
    client = Client()
    received = dt.datetime(2026, 11, 19, 15, 30)
    warm = BusinessCalendar("MS", 5002704)
    rows += [
        (
            "compute_deadline, 10 business days, cold calendar",
            timed(lambda: compute_deadline(received, 10, "business_days", uf="MS"), 50),
        ),
        (
            "compute_deadline, 10 business days, warm calendar",
            timed(
                lambda: compute_deadline(received, 10, "business_days", uf="MS", calendar=warm),
                500,
            ),
        ),
        (
            "GET /api/v1/calendar/deadline",
            timed(
                lambda: client.get(
                    "/api/v1/calendar/deadline",
                    {"received": "2026-11-19T15:30", "amount": 10, "uf": "MS"},
                ),
                100,
            ),
        ),
        (
            "GET /api/v1/municipalities?uf=MS (79 rows)",
            timed(lambda: client.get("/api/v1/municipalities", {"uf": "MS"}), 100),
        ),
        ("GET /api/v1/services", timed(lambda: client.get("/api/v1/services"), 100)),
        ("GET /servicos/ (HTML)", timed(lambda: client.get("/servicos/"), 50)),
    ]
    rows += bench_map_data("MS") + bench_map_data("MT")
    rows += bench_ranking()

    timings = bench_import(n_values)
    rows += [
        (f"import {timings['values']:,} long-form values: preview", [timings["preview_s"] * 1000]),
        (f"import {timings['values']:,} long-form values: commit", [timings["commit_s"] * 1000]),
        (
            f"import {timings['values']:,} long-form values: total (store + preview + commit)",
            [timings["total_s"] * 1000],
        ),
    ]

    result = {
        "label": label,
        "database": connection.vendor,
        "when": dt.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{platform.node()} ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})",
        "rows": [
            {
                "name": name,
                "n": len(samples),
                "median_ms": statistics.median(samples),
                "p90_ms": statistics.quantiles(samples, n=10)[-1]
                if len(samples) >= 10
                else max(samples),
            }
            for name, samples in rows
        ],
    }
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    for row in result["rows"]:
        sys.stdout.write(f"{label:>10}  {row['median_ms']:>10.2f} ms  {row['name']}\n")


if __name__ == "__main__":
    main()
