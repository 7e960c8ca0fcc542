#!/usr/bin/env bash
# Shared set-up for scripts/run.sh and scripts/test.sh: a virtualenv with the pinned packages.
# Usage: source scripts/setup.sh [requirements file]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQS="${1:-requirements.txt}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  python3 -m venv "$ROOT/.venv"
fi
"$ROOT/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/$REQS"
export PATH="$ROOT/.venv/bin:$PATH"
cd "$ROOT"
