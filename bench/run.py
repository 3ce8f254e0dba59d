"""`make bench`: times the hot paths side by side in one run and writes bench/RESULTS.md.

Runs against a throwaway SQLite database under a temporary var/ so it never touches yours.
"""

import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("APOIA_VAR_DIR", tempfile.mkdtemp(prefix="apoia-bench-"))
os.environ.setdefault("APOIA_HTTPS", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apoia.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from apoia.territory.calendar import BusinessCalendar, compute_deadline  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    call_command("migrate", verbosity=0)
    load = timed(lambda: call_command("load_reference", verbosity=0), 3)
    client = Client()
    received = dt.datetime(2026, 11, 19, 15, 30)
    warm = BusinessCalendar("MS", 5002704)
    rows = [
        ("load_reference (27 UFs, 5,571 municipalities, units, catalog)", load),
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
    lines = [
        "# Apoia benchmarks",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
        f"({platform.machine()}, Python {platform.python_version()}, SQLite), one process, "
        "Django test client (no network). Medians of n runs, measured side by side in one run.",
        "",
        "| what | n | median ms | p90 ms |",
        "| --- | --- | --- | --- |",
    ]
    for name, samples in rows:
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) >= 10 else max(samples)
        lines.append(f"| {name} | {len(samples)} | {statistics.median(samples):.2f} | {p90:.2f} |")
    RESULTS.write_text("\n".join(lines) + "\n")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
