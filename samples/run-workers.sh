#!/usr/bin/env bash
# Runs the payment consumer in several JVMs at once against one redis-server of its own (started
# on a free loopback port and stopped at the end): every JVM consumes the whole queue, and across
# all of them each payment is charged once.
#
#   samples/run-workers.sh [workers]      (default 3; needs redis-server on the PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-3}

command -v redis-server >/dev/null || { echo "redis-server is not on the PATH (apt-get install redis-server)" >&2; exit 1; }

mvn -B -q package -pl samples -am -DskipTests
agent=$(ls agent/target/idempotent4j-agent-*.jar | grep -v -e sources -e original | head -1)
classpath="samples/target/classes:$(cat samples/target/runtime-classpath.txt)"

port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>/dev/tcp/127.0.0.1/$candidate) 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "found no free loopback port" >&2; exit 1; }
data=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$data" --daemonize no \
  >"$data/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "redis-server on 127.0.0.1:$port; starting $workers workers"

pids=()
for i in $(seq 1 "$workers"); do
  java -javaagent:"$agent" -Didempotent4j.redis="redis://127.0.0.1:$port" \
    -cp "$classpath" dev.idempotent4j.samples.PaymentConsumer "worker-$i" >"$data/worker-$i.out" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$data"/worker-*.out
[ "$status" -eq 0 ] || { echo "a worker failed" >&2; exit 1; }

awk -v workers="$workers" '
  /^worker-[0-9]+: [0-9]+ payments charged, [0-9]+ duplicates skipped$/ { charged += $2; skipped += $5 }
  END { printf "%d workers: %d payments charged, %d duplicates skipped\n", workers, charged, skipped }
' "$data"/worker-*.out
