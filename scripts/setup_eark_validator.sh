#!/usr/bin/env bash
# Create (once) the private virtual environment that holds eark-validator 1.1.3.
#
# Usage: scripts/setup_eark_validator.sh [VENV_DIR]
#   VENV_DIR defaults to <repo>/.cache/eark-validator-venv.
#   PYTHON   (environment) the interpreter that creates the venv; default python3.
#
# eark-validator pins lxml 5.1.0 while earchive needs lxml >= 5.2, so the two can never
# share a venv: the test suite calls eark-validator as a separate process
# (tests/support/eark_validator.py).  The script is idempotent: when VENV_DIR already
# holds eark-validator 1.1.3 it only prints the path (well under a second).
# Progress goes to stderr; the last line on stdout is the venv's path.
# Exit status: 0 ready, 1 install failed (e.g. no network), 2 bad VENV_DIR.
set -euo pipefail

#: The one version whose behaviour (and false positives) ../shared/reference/validators.md describes.
EARK_VALIDATOR_VERSION="1.1.3"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv_dir="${1:-$repo_root/.cache/eark-validator-venv}"
python="${PYTHON:-python3}"

is_ready() {
    [ -x "$venv_dir/bin/python" ] &&
        "$venv_dir/bin/python" - "$EARK_VALIDATOR_VERSION" >/dev/null 2>&1 <<'PY'
import importlib.metadata, sys
sys.exit(importlib.metadata.version("eark-validator") != sys.argv[1])
PY
}

if is_ready; then
    echo "$venv_dir"
    exit 0
fi

mkdir -p "$(dirname "$venv_dir")"
# Serialise concurrent set-ups (parallel test runs) on a lock file beside the venv.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$venv_dir.lock"
    flock 9
    if is_ready; then
        echo "$venv_dir"
        exit 0
    fi
fi

if [ -e "$venv_dir" ]; then
    # Only ever delete something that is recognisably a (broken or outdated) venv.
    if [ -f "$venv_dir/pyvenv.cfg" ]; then
        echo "setup_eark_validator: replacing incomplete venv $venv_dir" >&2
        rm -rf -- "$venv_dir"
    else
        echo "setup_eark_validator: $venv_dir exists and is not a virtual environment;" \
             "choose another VENV_DIR or remove it yourself." >&2
        exit 2
    fi
fi

echo "setup_eark_validator: creating $venv_dir with $python" >&2
"$python" -m venv "$venv_dir"
if ! "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check \
        "eark-validator==$EARK_VALIDATOR_VERSION" >&2; then
    echo "setup_eark_validator: could not install eark-validator==$EARK_VALIDATOR_VERSION" \
         "(no network or no package index?). Run this script again when online." >&2
    rm -rf -- "$venv_dir"
    exit 1
fi
if ! is_ready; then
    echo "setup_eark_validator: eark-validator $EARK_VALIDATOR_VERSION is not importable in $venv_dir" >&2
    exit 1
fi
echo "$venv_dir"
