# Sourced by test.sh and bench.sh: a throwaway PostgreSQL server on a Unix socket only.
# start_throwaway_postgres exports DATABASE_URL; stop_throwaway_postgres removes everything.

run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_throwaway_postgres() {
  PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  PG_DIR=$(mktemp -d /tmp/apoia-pg.XXXXXX)
  PG_PORT=${APOIA_PG_PORT:-54329}
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U apoia --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # No TCP (listen_addresses=''): the socket lives in PG_DIR, so parallel runs never collide.
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=120" \
    start >/dev/null
  run_pg "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U apoia apoia
  local host
  host=$(printf %s "$PG_DIR" | sed "s#/#%2F#g")
  export DATABASE_URL="postgres://apoia@$host:$PG_PORT/apoia"
}

stop_throwaway_postgres() {
  if [ -n "${PG_DIR:-}" ]; then
    run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
