#!/usr/bin/env bash
# The idempotent sink on PostgreSQL: starts a PostgreSQL of its own (Debian's initdb/postgres, on
# a free loopback port, removed at the end), then several worker JVMs that each consume the whole
# event log (every event delivered 1-3 times) and apply each delivery in a transaction that the
# idempotent task joins. Across all of them each event is paid out once.
#
#   samples/run-sink.sh [workers] [events]      (default 3 200; needs the postgresql package)
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-3}
events=${2:-200}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

mvn -B -q package -pl samples -am -DskipTests
classpath="samples/target/classes:$(cat samples/target/runtime-classpath.txt)"

port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "found no free loopback port" >&2; exit 1; }
data=$(mktemp -d)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$data"; as_owner=(runuser -u postgres --); fi
echo "sample-secret" >"$data/pw"
"${as_owner[@]}" "$bin/initdb" -D "$data/db" -U sample --pwfile="$data/pw" --auth=scram-sha-256 \
  --no-sync >/dev/null
"${as_owner[@]}" "$bin/postgres" -D "$data/db" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$data" -c fsync=off >"$data/pg.log" 2>&1 &
pg_pid=$!
trap 'kill "$pg_pid" 2>/dev/null || true; wait "$pg_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
export PGPASSWORD=sample-secret
for _ in $(seq 1 100); do
  psql -h 127.0.0.1 -p "$port" -U sample -d postgres -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.1
done
url="jdbc:postgresql://127.0.0.1:$port/postgres"
echo "PostgreSQL on 127.0.0.1:$port; starting $workers workers over $events events"

pids=()
for i in $(seq 1 "$workers"); do
  java -cp "$classpath" dev.idempotent4j.samples.sink.PayoutSink "worker-$i" "$url" sample \
    sample-secret "$events" >"$data/worker-$i.out" 2>"$data/worker-$i.err" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$data"/worker-*.out
[ "$status" -eq 0 ] || { cat "$data"/worker-*.err >&2; echo "a worker failed" >&2; exit 1; }

payouts=$(psql -h 127.0.0.1 -p "$port" -U sample -d postgres -Atc 'SELECT count(*) FROM payout')
distinct=$(psql -h 127.0.0.1 -p "$port" -U sample -d postgres -Atc 'SELECT count(DISTINCT event_id) FROM payout')
echo "$workers workers: $events events, $payouts payouts ($distinct distinct)"
