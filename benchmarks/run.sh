#!/usr/bin/env bash
# Runs the idempotent4j benchmarks against their hand-written equivalents, in paired rounds, and
# writes one table of the issue's targets (median and range of per-round ratios) to
# docs/PERFORMANCE.md. From the repository root:
#
#   benchmarks/run.sh                     # the full method (about 8 minutes on 2 cores)
#   benchmarks/run.sh --quick             # a smoke run: 2 short rounds (about 3 minutes)
#   benchmarks/run.sh --rounds 5          # more rounds
#   benchmarks/run.sh --cases first,dup   # some cases only (local,first,dup,mixed,throughput)
#   MAVEN_ARGS=-o benchmarks/run.sh       # build offline
#
# It builds the agent and the benchmarks jar, starts its own redis-server on a free loopback port
# (never a Redis it did not start; stopped on exit), pads it with 300,000 keys (DEBUG POPULATE,
# allowed on this server only, from loopback), pins redis-server to one CPU and the report JVM
# with every JMH fork to another (taskset; the forks inherit the affinity), so a round trip costs
# a context switch to another CPU as it does to another machine, and runs
# dev.idempotent4j.benchmarks.report.PerformanceReport.
# Needs: JDK 17+ ($JAVA_HOME, else java on PATH), Maven, redis-server and redis-cli on PATH
# (Debian/Ubuntu: apt-get install redis-server), taskset (util-linux) for pinning.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

pad_keys="${PAD_KEYS:-300000}"

for tool in redis-server redis-cli; do
  if ! command -v "$tool" >/dev/null; then
    echo "run.sh: $tool is not on PATH; install it (apt-get install redis-server)" >&2
    exit 1
  fi
done

# Pinning: Redis on the first CPU this process may use, the JVMs on the second.
redis_pin=()
jvm_pin=()
pinning="unpinned"
if ! command -v taskset >/dev/null; then
  echo "run.sh: taskset is not on PATH (apt-get install util-linux): Redis and the JMH forks will" \
    "share every CPU, so a round trip is cheaper than across a network and the scripts' server" \
    "time is partly hidden; the table says 'unpinned'." >&2
else
  mapfile -t cpus < <(taskset -pc $$ | sed 's/.*: //' | tr ',' '\n' | while IFS=- read -r a b; do
    seq "$a" "${b:-$a}"; done)
  if [[ "${#cpus[@]}" -lt 2 ]]; then
    echo "run.sh: only ${#cpus[@]} CPU available to this process; cannot pin Redis and the forks" \
      "apart; the table says 'unpinned'." >&2
  else
    redis_pin=(taskset -c "${cpus[0]}")
    jvm_pin=(taskset -c "${cpus[1]}")
    pinning="redis-server on CPU ${cpus[0]}, report JVM and JMH forks on CPU ${cpus[1]}"
  fi
fi

echo "== Building the agent and benchmarks/target/benchmarks.jar"
# shellcheck disable=SC2086
mvn -B -q ${MAVEN_ARGS:-} -DskipTests package -pl benchmarks -am

agent="$root/agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar"
plain_agent="$root/benchmarks/target/plain-bytebuddy-agent.jar"
jar="$root/benchmarks/target/benchmarks.jar"
for f in "$agent" "$plain_agent" "$jar"; do
  [[ -f "$f" ]] || { echo "run.sh: $f was not built" >&2; exit 1; }
done

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
redis_dir="$(mktemp -d -t idempotent4j-bench-redis-XXXXXX)"
redis_pid=""
cleanup() {
  if [[ -n "$redis_pid" ]]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$redis_dir"
}
trap cleanup EXIT

# Below the kernel's ephemeral range (32768 and up), where an outgoing connection can hold a
# port that no listener shows; and a port taken between the check and the bind is retried.
port=""
for _ in $(seq 1 5); do
  candidate=""
  for _ in $(seq 1 50); do
    c=$((20000 + RANDOM % 12000))
    if port_free "$c"; then candidate="$c"; break; fi
  done
  [[ -n "$candidate" ]] || break
  # --enable-debug-command local: DEBUG POPULATE below, on this server only and from loopback.
  "${redis_pin[@]}" redis-server --port "$candidate" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$redis_dir" --logfile "$redis_dir/redis.log" --enable-debug-command local &
  redis_pid=$!
  for _ in $(seq 1 100); do
    if [[ "$(redis-cli -p "$candidate" PING 2>/dev/null)" == PONG ]]; then port="$candidate"; break; fi
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$port" ]] && break
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
done
if [[ -z "$port" ]]; then
  echo "run.sh: could not start redis-server on a free loopback port:" >&2
  cat "$redis_dir/redis.log" >&2 2>/dev/null || true
  exit 1
fi
# A production-sized keyspace: the dictionary lookups and rehashing of a real server, not of an
# empty one. 100-byte strings under pad:<n>, which no benchmark reads.
redis-cli -p "$port" DEBUG POPULATE "$pad_keys" pad 100 >/dev/null
keys="$(redis-cli -p "$port" DBSIZE)"
echo "== redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port" \
  "(pid $redis_pid), padded with $keys keys"
echo "== Pinning: $pinning"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The agent on the report JVM too: it starts an engine once, to ask whether the build knows
# redis.read-before-claim, and the engine refuses to start beside unwoven tasks.
"${jvm_pin[@]}" "$java" -Djava.util.logging.config.file="$root/benchmarks/bench-logging.properties" \
  -javaagent:"$agent" -cp "$jar" dev.idempotent4j.benchmarks.report.PerformanceReport \
  --agent "$agent" --plain-agent "$plain_agent" --redis "redis://127.0.0.1:$port" \
  --pinning "$pinning" --padding "$keys" \
  --doc "$root/docs/PERFORMANCE.md" --json-dir "$root/benchmarks/target/jmh" "$@"
