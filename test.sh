#!/usr/bin/env bash
# earchive: run the whole test suite (sets up what it needs first; CI calls this via .ci/run).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
# eark-validator (independent validator, own venv); on a developer machine without network its tests skip
./scripts/setup_eark_validator.sh >/dev/null || [ "${CI:-}" != true ]
# a3m, Archivematica's own engine (own venv, patched: see docs/export-archivematica.md), for tests/export/test_a3m.py
./scripts/setup_a3m.sh >/dev/null || [ "${CI:-}" != true ]
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
