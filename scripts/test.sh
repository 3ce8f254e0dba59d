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
export APOIA_VAR_DIR="$(mktemp -d)"
trap 'rm -rf "$APOIA_VAR_DIR"' EXIT

echo "== migrations are up to date"
$BIN/apoia makemigrations --check --dry-run >/dev/null

echo "== pytest on SQLite (with browser flows)"
$BIN/pytest -q

echo "== pytest on PostgreSQL"
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=$(mktemp -d /tmp/apoia-pg.XXXXXX)
PG_PORT=${APOIA_PG_PORT:-54329}
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U apoia --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=120" start >/dev/null
trap 'run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR" "$APOIA_VAR_DIR"' EXIT
PG_HOST=$(printf %s "$PG_DIR" | sed "s#/#%2F#g")
export DATABASE_URL="postgres://apoia@$PG_HOST:$PG_PORT/apoia"
$BIN/pytest -q -m "not browser"
