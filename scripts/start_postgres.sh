#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a fresh cluster in a temp dir, on a free port of 127.0.0.1,
# trust authentication (local connections only), with an empty database `wijkdashboard_test`.
#
#   source scripts/start_postgres.sh     # exports TEST_DATABASE_URL, PG_TEST_DIR; defines stop_test_postgres
#   trap stop_test_postgres EXIT
#   python -m pytest ...
#
# Run directly (bash scripts/start_postgres.sh) it prints the variables and the command that stops the server.
# As root the server runs as the `postgres` user (initdb refuses root). Installs Debian's postgresql with
# apt-get when no /usr/lib/postgresql/*/bin/initdb is found. The caller's shell options are left unchanged.

_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    _as_pg "$(_pg_bin)/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PG_TEST_DIR:-}" ]; then rm -rf "$PG_TEST_DIR"; fi
}

_start_test_postgres() {
  local sudo="" bin dir port
  if [ ! -x "$(_pg_bin)/initdb" ]; then
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  bin="$(_pg_bin)"
  dir="$(mktemp -d /tmp/wijkdashboard-pg.XXXXXX)" || return 1
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir" || return 1; fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')" || return 1
  PG_TEST_DIR="$dir"
  if ! _as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; return 1
  fi
  if ! _as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
    cat "$dir/server.log" >&2; return 1
  fi
  _as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres wijkdashboard_test || return 1
  PG_TEST_PORT="$port"
  TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:${port}/wijkdashboard_test"
  export PG_TEST_DIR PG_TEST_PORT TEST_DATABASE_URL
  echo "TEST_DATABASE_URL=$TEST_DATABASE_URL"
}

if _start_test_postgres; then
  if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    echo "PG_TEST_DIR=$PG_TEST_DIR"
    _pg_prefix=""; [ "$(id -u)" -eq 0 ] && _pg_prefix="runuser -u postgres -- "
    echo "stop with: ${_pg_prefix}$(_pg_bin)/pg_ctl -D $PG_TEST_DIR/data stop && rm -rf $PG_TEST_DIR"
  fi
else
  echo "could not start a test PostgreSQL server" >&2
  stop_test_postgres
  if [ "${BASH_SOURCE[0]}" = "$0" ]; then exit 1; else return 1; fi
fi
