"""HTTP answers on kept-alive connections, the dashboard's server against Streamlit's default (issue #19).

Usage: python -m bench.keepalive [--rounds N] [--quick]

serve.py turns Nagle's algorithm off on its listening socket (server_sockets.py); a bare `streamlit run` leaves it on,
and every answer on a connection the client reuses then waits ~40 ms for the client's delayed ACK. Per server
(serve.py; bench/peers/bare_table.py as plain `streamlit run`): the files index.html names (Streamlit's frontend,
fetched six at a time as a browser does over HTTP/1.1), and the health check asked again and again on one
connection. Plain HTTP from Python: no browser, so the figures are the server's alone.
"""
from __future__ import annotations

import argparse
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.common import machine, summary

SERVERS = (("serve.py (TCP_NODELAY on its listener)", "serve.py"),
           ("bare `streamlit run` (Streamlit's default)", "bench/peers/bare_table.py"))
BROWSER_CONNECTIONS = 6  # what Chromium opens per host over HTTP/1.1


def frontend_files(url: str) -> list[str]:
    """The scripts, styles and fonts index.html names."""
    return re.findall(r'(?:src|href)="\.?/?(static/[^"]+)"', requests.get(url + "/", timeout=30).text)


def fetch_all(url: str, files: list[str]) -> float:
    """ms to fetch every file, BROWSER_CONNECTIONS at a time, each connection kept alive."""
    local = threading.local()

    def get(name: str) -> None:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        local.session.get(f"{url}/{name}", timeout=30).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(BROWSER_CONNECTIONS) as pool:
        list(pool.map(get, files))
    return (time.perf_counter() - started) * 1000


def health_checks(url: str, n: int) -> list[float]:
    """ms per health check, asked n times on one kept-alive connection (the first, which opens it, left out)."""
    session = requests.Session()
    session.get(f"{url}/_stcore/health", timeout=30)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        session.get(f"{url}/_stcore/health", timeout=30).raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> None:
    from tests.conftest import start_streamlit

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10, help="loads of the frontend's files per server")
    parser.add_argument("--quick", action="store_true", help="2 rounds (CI)")
    args = parser.parse_args(argv)
    rounds = 2 if args.quick else args.rounds
    print(f"keepalive · {machine()} · HTTP/1.1 from Python, server on the same machine")
    for label, script in SERVERS:
        proc, url = start_streamlit(script=script)
        try:
            files = frontend_files(url)
            loads = [fetch_all(url, files) for _ in range(rounds)]
            print(summary(f"  {label}: Streamlit's frontend, {len(files)} files {BROWSER_CONNECTIONS} at a time", loads))
            print(summary(f"  {label}: health check on one kept-alive connection", health_checks(url, 5 * rounds)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
