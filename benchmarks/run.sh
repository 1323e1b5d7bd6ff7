#!/usr/bin/env bash
# Runs every idempotent4j benchmark against its hand-written equivalent and writes the table of
# ratios to docs/PERFORMANCE.md. From the repository root:
#
#   benchmarks/run.sh                                   # everything (about 4 minutes on 2 cores)
#   benchmarks/run.sh --include LocalHitBenchmark --skip roundtrips,startup   # one case
#   benchmarks/run.sh --wi 5 --i 10 --r 2 --f 2         # longer runs
#   MAVEN_ARGS=-o benchmarks/run.sh                     # build offline
#
# It builds the agent and the benchmarks jar, starts its own redis-server on a free loopback port
# (never a Redis it did not start; stopped on exit), and runs
# dev.idempotent4j.benchmarks.report.PerformanceReport, which forks JMH with the agent attached.
# Needs: JDK 17+ ($JAVA_HOME, else java on PATH; JMH forks the same JVM), Maven, and redis-server
# on PATH (Debian/Ubuntu: apt-get install redis-server).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v redis-server >/dev/null; then
  echo "run.sh: redis-server is not on PATH; install it (apt-get install redis-server)" >&2
  exit 1
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
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if port_free "$candidate"; then port="$candidate"; break; fi
done
[[ -n "$port" ]] || { echo "run.sh: found no free loopback port" >&2; exit 1; }

redis_dir="$(mktemp -d -t idempotent4j-bench-redis-XXXXXX)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
  --logfile "$redis_dir/redis.log" &
redis_pid=$!
cleanup() {
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  rm -rf "$redis_dir"
}
trap cleanup EXIT

pong() {
  local reply=""
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3>&-
  [[ "$reply" == +PONG* ]]
}
for attempt in $(seq 1 100); do
  if pong 2>/dev/null; then break; fi
  kill -0 "$redis_pid" 2>/dev/null || { cat "$redis_dir/redis.log" >&2; exit 1; }
  [[ "$attempt" -lt 100 ]] || { echo "run.sh: redis-server did not answer" >&2; exit 1; }
  sleep 0.1
done
echo "== redis-server $(redis-server --version | awk '{print $3}')" \
  "on 127.0.0.1:$port (pid $redis_pid)"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -cp "$jar" dev.idempotent4j.benchmarks.report.PerformanceReport \
  --agent "$agent" --plain-agent "$plain_agent" --redis "redis://127.0.0.1:$port" \
  --doc "$root/docs/PERFORMANCE.md" --json "$root/benchmarks/target/jmh-result.json" "$@"
