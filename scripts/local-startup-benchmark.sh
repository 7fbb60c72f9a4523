#!/usr/bin/env bash
# Measures how long the local stack takes from `java -jar` to ready (BENCHMARKS.md, "Local stack start-up").
# Needs the jar (./scripts/local.sh or mvn -B -pl local -am package -DskipTests) and curl.
# Run 1 starts on an empty data directory (initdb, demo scale set created); the others restart on the same data.
# Usage: scripts/local-startup-benchmark.sh [runs=5]; the ports of the quick start must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=local/target/vmss-rollout-local-app.jar
data=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$data" "$log"' EXIT

for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  java -XX:TieredStopAtLevel=1 ${VMSS_LOCAL_JAVA_OPTS:-} -jar "$jar" --data "$data" >"$log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 1200); do
    if grep -q "ready in" "$log" && curl -sf -o /dev/null http://localhost:8080/actuator/health; then
      ready=$(date +%s%N)
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log"; echo "run $run: the local stack exited before it was ready" >&2; exit 1
    fi
    sleep 0.1
  done
  [ -n "$ready" ] || { kill "$pid"; echo "run $run: not ready after 120 s" >&2; exit 1; }
  reported=$(grep -o "ready in [0-9.]* s" "$log")
  kill -TERM "$pid"; wait "$pid" || true
  printf 'run %d (%s): %5.1f s from java -jar to a healthy API; the stack says "%s"; load average %s\n' \
    "$run" "$([ "$run" = 1 ] && echo 'empty data' || echo 'restart  ')" \
    "$(awk -v a="$start" -v b="$ready" 'BEGIN { print (b - a) / 1e9 }')" "$reported" "$(cut -d' ' -f1 /proc/loadavg)"
done
