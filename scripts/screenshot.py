"""The README's screenshot, taken from the running app: `python -m scripts.screenshot [--out docs/screenshot-map.png]`.

Starts the dashboard (serve.py) on a free local port, opens the map page in headless Debian Chromium, waits until
the map component has drawn its colours and the legend is there, and saves the page. Run it after a visible
change, so the README never shows an old version.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
VIEW = "?indicator=ervaren_gezondheid_goed_zeer_goed&year=2020"
SIZE = {"width": 1400, "height": 900}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("screenshot: the app did not start within 60 s")


def take(url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=SIZE)
        page.goto(url)
        page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)
        page.wait_for_selector(".legend", timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # the last rerun's colours painted
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-map.png")
    args = parser.parse_args(argv)
    port = free_port()
    proc = start_app(port)
    try:
        take(f"http://127.0.0.1:{port}/{VIEW}", args.out)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"screenshot: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
