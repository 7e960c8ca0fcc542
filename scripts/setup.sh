#!/usr/bin/env bash
# Shared set-up for scripts/run.sh and scripts/test.sh: a virtualenv with the pinned packages.
# Usage: source scripts/setup.sh [requirements file]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQS="${1:-requirements.txt}"
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  # A fresh Debian 12 has python3 without venv's ensurepip: `python3 -m venv` fails until python3-venv is in.
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv "$ROOT/.venv"
fi
"$ROOT/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/$REQS"
export PATH="$ROOT/.venv/bin:$PATH"
cd "$ROOT"
