#!/usr/bin/env bash
# `make bench`: the same measurements on SQLite and on a throwaway PostgreSQL, one after the
# other in one run, then bench/RESULTS.md with both side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/system-deps.sh --test
out=$(mktemp -d)
source scripts/pg.sh
trap 'stop_throwaway_postgres; rm -rf "$out"' EXIT

echo "== SQLite"
env -u DATABASE_URL $BIN/python bench/run.py sqlite "$out/sqlite.json"
echo "== PostgreSQL"
start_throwaway_postgres
$BIN/python bench/run.py postgresql "$out/postgresql.json"
$BIN/python bench/report.py "$out/sqlite.json" "$out/postgresql.json"
