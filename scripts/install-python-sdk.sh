#!/usr/bin/env bash
# Installs Microsoft's Python Azure SDK, pinned in simulator/src/test/python/requirements.txt, into a virtual
# environment under ~/.local/share/vmss-rollout/python-sdk-<hash of the pins>/, where PythonSdkConformanceTest looks
# for it (the same tools directory as install-temporal-cli.sh). Idempotent and quick when already there.
# Prints the environment's python.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=simulator/src/test/python/requirements.txt
PIN=$(sha256sum "$REQUIREMENTS" | cut -c1-12)
DIR="${VMSS_TOOLS_DIR:-$HOME/.local/share/vmss-rollout}/python-sdk-$PIN"

works() { [ -x "$1/bin/python" ] && "$1/bin/python" -c "import azure.mgmt.compute, azure.identity" 2>/dev/null; }

if works "$DIR"; then
  echo "$DIR/bin/python"
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "install-python-sdk: python3 (with venv and pip) is needed" >&2
  exit 1
fi
rm -rf "$DIR.part"
mkdir -p "$(dirname "$DIR")"
"$python" -m venv "$DIR.part" >&2
"$DIR.part/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2
rm -rf "$DIR"
mv "$DIR.part" "$DIR"
works "$DIR" || { echo "install-python-sdk: $DIR/bin/python cannot import the SDK" >&2; exit 1; }
echo "$DIR/bin/python"
