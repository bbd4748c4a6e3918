#!/usr/bin/env bash
# Create (once) the private virtual environment that holds a3m 0.7.14, Archivematica's
# headless engine, and patch its known crash; the Archivematica test (tests/export/test_a3m.py)
# processes earchive's transfers with it.
#
# Usage: scripts/setup_a3m.sh [VENV_DIR]
#   VENV_DIR defaults to $A3M_VENV, else <repo>/.cache/a3m-venv (.cache/ is git-ignored).
#   PYTHON   (environment) the interpreter that creates the venv; default python3.11, else python3.
#            a3m 0.7.14 runs on Python 3.11 (0.8.x needs 3.12).
#
# What it does, each step only when needed (the script is idempotent; when everything is
# in place it only checks and prints the path, in about a second):
#   1. apt-get installs unar, p7zip-full and atool (a3m extracts and compresses with them) and
#      tree (it lists the transfer), and
#      the optional characterisation tools ffmpeg, mediainfo, exiftool and sleuthkit when
#      apt has them (as root, or through sudo).
#   2. a venv with a3m==0.7.14 (a3m is AGPL-3.0 and is never imported by earchive: it only
#      runs in this venv, as a separate process).
#   3. the patch of a3m's client script characterize_file.py: released a3m reads
#      ``rule.uuid`` and ``rule.command.uuid`` from FPR models whose key is ``id``, and crashes
#      on every file that has a characterisation rule; the patch reads ``rule.id`` and
#      ``rule.command.id`` (see docs/export-archivematica.md).  It prints what it patched.
# Progress goes to stderr; the last line on stdout is the venv's path.
# Exit status: 0 ready, 1 install failed (e.g. no network), 2 bad VENV_DIR.
set -euo pipefail

#: The release that runs on Python 3.11 (0.8.x needs 3.12).
A3M_VERSION="0.7.14"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv_dir="${1:-${A3M_VENV:-$repo_root/.cache/a3m-venv}}"
if [ -z "${PYTHON:-}" ]; then
    if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi

log() { echo "setup_a3m: $*" >&2; }

# --- 1. system tools ---------------------------------------------------------------------------
need_apt=()
command -v unar >/dev/null 2>&1 || need_apt+=(unar)
command -v 7z >/dev/null 2>&1 || need_apt+=(p7zip-full)
command -v atool >/dev/null 2>&1 || need_apt+=(atool)  # "Verify AIP" extracts the 7z with atool
command -v tree >/dev/null 2>&1 || need_apt+=(tree)    # the transfer's directory_tree.txt
optional=()
command -v ffprobe >/dev/null 2>&1 || optional+=(ffmpeg)
command -v mediainfo >/dev/null 2>&1 || optional+=(mediainfo)
command -v exiftool >/dev/null 2>&1 || optional+=(libimage-exiftool-perl)
command -v fiwalk >/dev/null 2>&1 || optional+=(sleuthkit)
if [ ${#need_apt[@]} -gt 0 ] || [ ${#optional[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
    fi
    if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
        if [ ${#need_apt[@]} -gt 0 ]; then
            log "please install ${need_apt[*]} (Debian/Ubuntu: apt-get install ${need_apt[*]})"
            exit 1
        fi
    else
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq >&2 || true
        if [ ${#need_apt[@]} -gt 0 ]; then
            log "installing ${need_apt[*]}"
            if ! $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2; then
                log "could not install ${need_apt[*]}"
                exit 1
            fi
        fi
        for pkg in "${optional[@]}"; do  # optional: a3m skips a tool that is missing
            $sudo apt-get install -y -qq --no-install-recommends "$pkg" >&2 || log "optional $pkg not installed"
        done
    fi
fi

# --- 2. the venv ---------------------------------------------------------------------------------
is_installed() {
    [ -x "$venv_dir/bin/python" ] &&
        "$venv_dir/bin/python" - "$A3M_VERSION" >/dev/null 2>&1 <<'PY'
import importlib.metadata, sys
sys.exit(importlib.metadata.version("a3m") != sys.argv[1])
PY
}

mkdir -p "$(dirname "$venv_dir")"
if ! is_installed; then
    # Serialise concurrent set-ups on a lock file beside the venv.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$venv_dir.lock"
        flock 9
    fi
    if ! is_installed; then
        if [ -e "$venv_dir" ]; then
            if [ -f "$venv_dir/pyvenv.cfg" ]; then
                log "replacing incomplete venv $venv_dir"
                rm -rf -- "$venv_dir"
            else
                log "$venv_dir exists and is not a virtual environment; choose another VENV_DIR or remove it yourself."
                exit 2
            fi
        fi
        log "creating $venv_dir with $PYTHON and installing a3m==$A3M_VERSION"
        "$PYTHON" -m venv "$venv_dir"
        if ! "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check "a3m==$A3M_VERSION" >&2; then
            log "could not install a3m==$A3M_VERSION (no network or no package index?). Run this script again when online."
            rm -rf -- "$venv_dir"
            exit 1
        fi
    fi
fi

# --- 3. the patch ----------------------------------------------------------------------------------
"$venv_dir/bin/python" - >&2 <<'PY'
import pathlib
import re
import sys

import a3m

script = pathlib.Path(a3m.__file__).parent / "client" / "clientScripts" / "characterize_file.py"
if not script.is_file():
    sys.exit(f"setup_a3m: {script} not found; this a3m release is laid out differently")
text = script.read_text(encoding="utf-8")
# rule.command.uuid first, then rule.uuid (the second pattern cannot match the first's result).
patched, n_command = re.subn(r"\brule\.command\.uuid\b", "rule.command.id", text)
patched, n_rule = re.subn(r"\brule\.uuid\b", "rule.id", patched)
if n_command or n_rule:
    script.write_text(patched, encoding="utf-8")
    print(f"setup_a3m: patched {script}: rule.uuid -> rule.id ({n_rule}x), "
          f"rule.command.uuid -> rule.command.id ({n_command}x)")
else:
    print(f"setup_a3m: {script} already patched")
PY

if [ ! -x "$venv_dir/bin/a3m" ]; then
    log "a3m is installed but $venv_dir/bin/a3m is missing"
    exit 1
fi
echo "$venv_dir"
