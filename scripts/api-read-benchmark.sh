#!/usr/bin/env bash
# Measures API reads under load (BENCHMARKS.md, "API reads"): wrk, in its own process, with 50 connections against
# the local stack started with `java -jar` and the default JIT (as the API ships, not the quick start's C1-only JIT).
# It runs a one-stage release of the demo scale set to its end, then reads: the rollout, the rollout again with its
# ETag (If-None-Match), the release, and both lists.
# Needs the jar (mvn -B -pl local -am package -DskipTests), curl and wrk (installed with apt-get when missing and
# root). Usage: scripts/api-read-benchmark.sh [seconds per endpoint=30]; the ports of the quick start must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
api=http://localhost:8080
jar=local/target/vmss-rollout-local-app.jar
[ -f "$jar" ] || { echo "no $jar: mvn -B -pl local -am package -DskipTests" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
data=$(mktemp -d)
log=$(mktemp)
java ${VMSS_LOCAL_JAVA_OPTS:-} -jar "$jar" --data "$data" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data" "$log"' EXIT
for _ in $(seq 1 240); do
  grep -q "ready in" "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the local stack exited" >&2; exit 1; }
  sleep 0.5
done
grep -q "ready in" "$log" || { echo "the local stack was not ready after 120 s" >&2; exit 1; }

release=$(curl -sf -u alice:alice -H 'Content-Type: application/json' "$api/api/v1/releases" -d '{
  "image": {"version": "24.04.202410010"},
  "stages": [{"name": "only", "scaleSets": [{"subscriptionId": "00000000-0000-0000-0000-000000000000",
              "resourceGroup": "demo-rg", "scaleSet": "web", "region": "westeurope"}]}]}' \
  | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
echo "release $release: waiting for it to end ..."
state=""
for _ in $(seq 1 300); do
  state=$(curl -sf -u alice:alice "$api/api/v1/releases/$release" | grep -o '"state":"[^"]*"' | head -1 | cut -d'"' -f4)
  case "$state" in SUCCEEDED|FAILED|PAUSED|ROLLED_BACK|CANCELLED) break ;; esac
  sleep 1
done
[ "$state" = SUCCEEDED ] || { echo "the release ended $state" >&2; exit 1; }
rollout=$(curl -sf -u alice:alice "$api/api/v1/releases/$release" | grep -o '"rolloutId":"[^"]*"' | head -1 | cut -d'"' -f4)
etag=$(curl -sf -D - -o /dev/null -u alice:alice "$api/api/v1/rollouts/$rollout" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')

auth="Authorization: Basic $(printf alice:alice | base64)"
measure() {
  local label=$1 path=$2; shift 2
  wrk -t2 -c50 -d10s -H "$auth" "$@" "$api$path" >/dev/null   # warm-up: let C2 compile the path
  local out
  out=$(wrk -t2 -c50 -d"${seconds}s" --latency -H "$auth" "$@" "$api$path")
  printf '%-34s %8s req/s  p50 %8s  p90 %8s  p99 %8s  (%s bytes)\n' "$label" \
    "$(sed -n 's/^Requests\/sec: *//p' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" "$(awk '$1 == "90%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(curl -s -o /dev/null -w '%{size_download}' -u alice:alice "$@" "$api$path")"
  if grep -q "Non-2xx" <<<"$out" && [ "$label" != "GET rollout, If-None-Match" ]; then
    grep "Non-2xx" <<<"$out" >&2; exit 1
  fi
}
echo "wrk -t2 -c50 -d${seconds}s, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "GET rollout" "/api/v1/rollouts/$rollout"
measure "GET rollout, If-None-Match" "/api/v1/rollouts/$rollout" -H "If-None-Match: $etag"
measure "GET release" "/api/v1/releases/$release"
measure "GET rollouts (list)" "/api/v1/rollouts"
measure "GET releases (list)" "/api/v1/releases"
