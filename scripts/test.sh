#!/usr/bin/env bash
# The whole suite: lint, then pytest on SQLite (with the headless-Chromium flows), then pytest
# on a throwaway PostgreSQL server started here. Installs Chromium and PostgreSQL from Debian
# when they are missing. Any failure, or a run that collects no test (pytest exit 5), fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

bash scripts/system-deps.sh --test

echo "== ruff"
$BIN/ruff check .
$BIN/ruff format --check .

export APOIA_TESTING=1 APOIA_HTTPS=false
# One pytest worker per core (pytest-xdist): the suite is CPU-bound, and every worker has its
# own test database file (test_settings) or PostgreSQL test database (gw0, gw1...).
nproc_capped=$(( $(nproc) < 4 ? $(nproc) : 4 ))
WORKERS="${APOIA_TEST_WORKERS:-$nproc_capped}"
export APOIA_VAR_DIR="$(mktemp -d)"
trap 'rm -rf "$APOIA_VAR_DIR"' EXIT

echo "== migrations are up to date"
$BIN/apoia makemigrations --check --dry-run >/dev/null

echo "== pytest on SQLite (with browser flows)"
$BIN/pytest -q -n "$WORKERS" --durations=15

echo "== pytest on PostgreSQL"
source scripts/pg.sh
start_throwaway_postgres
trap 'stop_throwaway_postgres; rm -rf "$APOIA_VAR_DIR"' EXIT
$BIN/pytest -q -n "$WORKERS" --durations=15 -m "not browser and not site_wide"
