#!/usr/bin/env bash
# Install and run the dashboard on http://localhost:8501
set -euo pipefail
source "$(dirname "$0")/setup.sh" requirements.txt
exec streamlit run serve.py "$@"  # serve.py: app.py with the data loaded before the first visitor
