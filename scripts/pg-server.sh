#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server on loopback for tests and benchmarks.
#   scripts/pg-server.sh start DIR PORT   -> prints postgres://postgres@127.0.0.1:PORT/loopdesk
#   scripts/pg-server.sh stop DIR
# Installs Debian's postgresql when it is missing. PostgreSQL refuses to run as root, so as root
# the server runs as the postgres user.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data directory}; port=${3:-55432}

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && { echo "$found"; return; }
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  [ "$(id -u)" = 0 ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
  echo "installing PostgreSQL (apt-get install postgresql)..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  bin=$(find_bin)
fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname='loopdesk'" | grep -q 1 ||
      as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE loopdesk" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/loopdesk"
    ;;
  stop)
    [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
