#!/usr/bin/env bash
# Try the production set-up on one machine: N Streamlit replicas on loopback behind Debian's nginx, one shared
# PostgreSQL (DATABASE_URL), the same cookie secret on every replica. Ctrl-C stops everything.
#
#   DATABASE_URL=postgresql+psycopg://dash@127.0.0.1/wijkdashboard bash deploy/run_replicas.sh [REPLICAS] [PORT]
#
# The same as `python -m tests.replicas --replicas N --port PORT`, which the replica test uses (tests/replicas.py);
# for a real server use the systemd units in deploy/systemd/ (deploy/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPLICAS="${1:-2}"
PORT="${2:-8080}"
if [ -z "${DATABASE_URL:-}" ]; then
  echo "set DATABASE_URL to the shared PostgreSQL: every replica must use the same store" >&2
  exit 1
fi
if [ ! -x /usr/sbin/nginx ]; then
  echo "Debian's nginx is missing: apt-get install nginx" >&2
  exit 1
fi
PYTHON="$ROOT/.venv/bin/python"
[ -x "$PYTHON" ] || PYTHON=python3
# One secret for all replicas (signed cookies must be valid on whichever replica a browser reaches).
export STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$(openssl rand -hex 32)}"
cd "$ROOT"
exec "$PYTHON" -m tests.replicas --replicas "$REPLICAS" --port "$PORT"
