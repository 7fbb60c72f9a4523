#!/bin/sh
# One-shot (temporalio/admin-tools), once the server is up: the namespace of the rollouts, and the custom search
# attributes the workflow sets (vmss.temporal.search-attributes.enabled=true), so the Temporal UI can filter by them.
set -eu
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"

until temporal operator cluster health --address "$TEMPORAL_ADDRESS" | grep -q SERVING; do
  echo "waiting for Temporal at $TEMPORAL_ADDRESS"
  sleep 2
done

if ! temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" \
    --retention "${NAMESPACE_RETENTION:-720h}" --description "vmss-rollout rollouts"
fi

# The namespace cache of a fresh server needs a moment before search attributes can be listed.
until temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/tmp/attributes; do
  sleep 1
done
for name in RolloutId ScaleSet RolloutState; do
  if grep -qw "$name" /tmp/attributes; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" \
      --name "$name" --type Keyword
  fi
done
echo "namespace $NAMESPACE is ready"
