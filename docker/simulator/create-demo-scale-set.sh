#!/bin/sh
# One-shot in the simulator's network namespace: creates the demo scale set unless the simulator already has it
# (its data volume keeps scale sets across restarts, and replacing one would undo a rollout).
set -eu
S="https://localhost:8443/simulator/v1/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/virtualMachineScaleSets/web"
CERT=/data/simulator-cert.pem
if [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CERT" "$S/report")" = 200 ]; then
  echo "demo scale set exists"
  exit 0
fi
curl -sf --cacert "$CERT" -X PUT "$S" -H 'Content-Type: application/json' -d '{
  "capacity": 20, "upgradePolicy": "Manual", "updateDomains": 5, "faultDomains": 5,
  "image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "24.04.202409010"},
  "upgradeMillis": 3000, "bootMillis": 2000}' >/dev/null
echo "demo scale set created"
