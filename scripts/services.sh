#!/usr/bin/env bash
# Starts the local servers the API and its tests need, when they are down:
#   - PostgreSQL, if installed here and not answering on DATABASE_URL's host/port;
#   - Redis, if installed and not answering on 127.0.0.1:6379;
#   - FerretDB 1.24.2 (MongoDB wire protocol, SQLite backend) when nothing answers at MONGO_URL,
#     built once from the Go module proxy and cached. Telemetry is off; it listens on 127.0.0.1 only.
# Idempotent: running it again when everything is up only reports that.
set -euo pipefail

DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/recs}
MONGO_URL=${MONGO_URL:-mongodb://127.0.0.1:27017/recs}
CACHE_DIR=${RECS_CACHE_DIR:-$HOME/.cache/recs}
FERRETDB_DATA=${FERRETDB_DATA_DIR:-$CACHE_DIR/ferretdb-data}
export DO_NOT_TRACK=1

say() { echo "[services] $*"; }

# host and port out of a URL like scheme://user@host:port/db
hostport() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; rest=${rest%%\?*}; echo "$rest"; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg=$(hostport "$DATABASE_URL"); pg_host=${pg%%:*}; pg_port=${pg##*:}; [ "$pg_port" = "$pg" ] && pg_port=5432
if port_open "$pg_host" "$pg_port"; then
  say "PostgreSQL answers at $pg_host:$pg_port"
elif command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  say "starting PostgreSQL $ver (cluster main)"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  for _ in $(seq 1 30); do port_open "$pg_host" "$pg_port" && break; sleep 1; done
  port_open "$pg_host" "$pg_port" || { say "PostgreSQL did not come up on $pg_host:$pg_port"; exit 1; }
else
  say "PostgreSQL is not answering at $pg_host:$pg_port and is not installed here (apt-get install postgresql)"; exit 1
fi

# Redis is optional for the API (REDIS_URL fans subscriptions out across replicas); the tests use it.
if port_open 127.0.0.1 6379; then
  say "Redis answers at 127.0.0.1:6379"
elif command -v redis-server >/dev/null; then
  say "starting Redis on 127.0.0.1:6379 (no persistence)"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
else
  say "Redis is not running and not installed (apt-get install redis-server); the Redis fan-out test will fail"
fi

mg=$(hostport "$MONGO_URL"); mg_host=${mg%%:*}; mg_port=${mg##*:}; [ "$mg_port" = "$mg" ] && mg_port=27017
if port_open "$mg_host" "$mg_port"; then
  say "a MongoDB-compatible server answers at $mg_host:$mg_port"
  exit 0
fi
case "$mg_host" in 127.*|localhost) ;; *) say "MONGO_URL points at $mg_host, which is down; not starting a local server for a remote host"; exit 1;; esac

FERRETDB_BIN=$(bash "$(dirname "$0")/ferretdb-bin.sh")
mkdir -p "$FERRETDB_DATA"
say "starting FerretDB on $mg_host:$mg_port (SQLite data in $FERRETDB_DATA, telemetry off)"
nohup "$FERRETDB_BIN" --listen-addr="$mg_host:$mg_port" --handler=sqlite --sqlite-url="file:$FERRETDB_DATA/" \
  --telemetry=disable --debug-addr=- --log-level=warn --state-dir="$FERRETDB_DATA" \
  >"$CACHE_DIR/ferretdb.log" 2>&1 </dev/null &
for _ in $(seq 1 30); do port_open "$mg_host" "$mg_port" && break; sleep 0.5; done
port_open "$mg_host" "$mg_port" || { say "FerretDB did not come up; see $CACHE_DIR/ferretdb.log"; tail -20 "$CACHE_DIR/ferretdb.log"; exit 1; }
say "FerretDB is up"
