"""`streamlit` with the recorded responses standing in for CBS, RIVM and PDOK (browser tests of the download).

    python tests/recorded_server.py recorded|offline run serve.py --server.port ...

`recorded`: every download request is answered from tests/fixtures/recorded for the made-up gemeente GM0603
(tests/recorded_gemeente.py). `offline`: every request fails to connect, as without a network. The `responses`
library patches `requests` inside this process, so the app runs its real download code unchanged.
"""
from __future__ import annotations

import sys
from pathlib import Path

import responses

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.web import cli  # noqa: E402

from tests.recorded_gemeente import register  # noqa: E402

DOWNLOAD_GEMEENTE = "GM0603"
# Each recorded answer waits this long, as a real one does: the progress bar is on screen long enough to be read.
RESPONSE_DELAY_S = 0.3

if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    if mode == "recorded":
        register(mock, DOWNLOAD_GEMEENTE, delay_s=RESPONSE_DELAY_S)
    elif mode != "offline":
        raise SystemExit(f"mode {mode!r}: use recorded or offline")
    sys.argv = ["streamlit", *args]
    cli.main()
