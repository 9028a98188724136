#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the server-backed test suite and
# prints its URL. Installs PostgreSQL from Debian packages when it is missing.
set -euo pipefail
PORT="${RATLINE_PG_PORT:-54329}"
DATA="${RATLINE_PG_DATA:-/tmp/ratline-pg}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"
[ -n "$BIN" ] || { echo "PostgreSQL binaries not found" >&2; exit 1; }

# initdb refuses to run as root; the Debian package brings the postgres user.
RUN=()
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); fi

if "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  echo "postgresql://ratline@127.0.0.1:$PORT/ratline"
  exit 0
fi
rm -rf "$DATA"
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
"${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres -A trust --no-sync >/dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE ROLE ratline LOGIN CREATEDB" >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE ratline OWNER ratline" >/dev/null
echo "postgresql://ratline@127.0.0.1:$PORT/ratline"
