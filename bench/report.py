"""Write bench/RESULTS.md from the JSON of each database's run, side by side."""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

TARGETS = [
    ("import 1,000,000 long-form values: total", "sqlite", 60_000, "< 60 s on SQLite"),
    ("import 1,000,000 long-form values: total", "postgresql", 30_000, "< 30 s on PostgreSQL"),
    ("rank():", None, 1_000, "< 1 s"),
    ("map_data(", None, 100, "< 100 ms"),
]


def main(paths: list[str]) -> None:
    runs = [json.loads(Path(p).read_text()) for p in paths]
    labels = [run["label"] for run in runs]
    names = list(dict.fromkeys(row["name"] for run in runs for row in run["rows"]))
    by_run = [{row["name"]: row for row in run["rows"]} for run in runs]
    lines = [
        "# Apoia benchmarks",
        "",
        f"`make bench`, run {runs[0]['when']} on {runs[0]['machine']}. One process, Django "
        "test client (no network). Each database ran in the same `make bench`, one after the "
        "other, on fresh databases; medians of n runs (ms).",
        "",
        "| what | n | " + " | ".join(f"{label} median" for label in labels) + " | ratio |",
        "| --- | --- | " + " | ".join("---" for _ in labels) + " | --- |",
    ]
    for name in names:
        cells = [by.get(name) for by in by_run]
        n = next(c["n"] for c in cells if c)
        medians = [f"{c['median_ms']:.2f}" if c else "—" for c in cells]
        ratio = (
            f"{cells[1]['median_ms'] / cells[0]['median_ms']:.2f}"
            if len(cells) == 2 and all(cells) and cells[0]["median_ms"]
            else ""
        )
        lines.append(f"| {name} | {n} | " + " | ".join(medians) + f" | {ratio} |")
    lines += ["", "ratio = " + " / ".join(reversed(labels[:2])) + ".", "", "## Targets", ""]
    for prefix, database, limit_ms, text in TARGETS:
        for run in runs:
            if database and run["database"] != database:
                continue
            for row in run["rows"]:
                if row["name"].startswith(prefix):
                    verdict = "met" if row["median_ms"] < limit_ms else "MISSED"
                    lines.append(
                        f"- {row['name']} ({run['label']}): {row['median_ms']:.0f} ms, "
                        f"target {text}: **{verdict}**"
                    )
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
