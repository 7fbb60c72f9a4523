#!/usr/bin/env bash
# Builds the local stack and the CLI (./vmss-rollout), and starts the stack: API and dashboard on http://localhost:8080, Temporal dev server on 7233,
# simulator on https://localhost:8443, embedded PostgreSQL, data under ./data. Ctrl-C stops it.
#   ./scripts/local.sh              build, then start
#   ./scripts/local.sh --no-build   start what the last build made
# Other arguments go to the stack (--api-port, --data, ...: see --help or docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--no-build" ]; then
  shift
else
  echo "building the local stack (the first build downloads the dependencies: a few minutes) ..."
  mvn -B -q -pl local,cli -am package -DskipTests
fi
# C1 only: on a small machine the stack is ready in half the time, and a demo never needs C2's peak speed.
exec java -XX:TieredStopAtLevel=1 ${VMSS_LOCAL_JAVA_OPTS:-} -jar local/target/vmss-rollout-local-app.jar "$@"
