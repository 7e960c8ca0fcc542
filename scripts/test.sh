#!/usr/bin/env bash
# Install everything the test suite needs (Python packages, Debian's chromium), then run every test.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)  # the PDF handout's font
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)  # tests read the PDF handout back
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)  # tests/test_replicas.py: replicas behind Debian's nginx
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-impress)  # renders the PPTX handout in tests
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
source "$ROOT/scripts/setup.sh" requirements-dev.txt
lint-imports  # the layer rules of .importlinter (#20): a module that imports from a layer above fails the run
mkdir -p test-artifacts
npm ci --prefix tests --silent
# A throwaway PostgreSQL for the program-store tests (they run on SQLite and PostgreSQL; CI fails without it).
source "$ROOT/scripts/start_postgres.sh"
trap stop_test_postgres EXIT
set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
# The whole suite passed: now break features on purpose, in a copy, and check their tests notice (#22).
if [ "$status" -eq 0 ] && [ "$#" -eq 0 ]; then
  python -m scripts.mutation_check || status=1
fi
exit "$status"
