"""Beyond one machine (issue #11): two Streamlit replicas behind Debian's nginx and one shared PostgreSQL, started
for real on loopback (tests/replicas.py, deploy/nginx.conf.template).

nginx balances with `ip_hash`, and on loopback every browser has the same address, so all of them land on one
replica. The concurrency part therefore connects each editor's browser straight to its own replica; through nginx
the test checks the health check, a page load over the WebSocket and an upload (XSRF token and body size through
the proxy). Two editors on different replicas confirm their uploads at the same moment: both land, nothing is
lost, and both replicas (and nginx) show all of them.
"""
from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from programs.db import make_sessions, open_store
from programs.models import Count, CountRevision
from tests.conftest_pg import postgres_url
from tests.reliability import record, record_writes, reliability_summary  # noqa: F401  (fixture)
from tests.replicas import NGINX, Nginx, editor_cluster, render_nginx_conf

SEEDED = 39
PASSWORDS = {"Anna": "wachtwoord van anna", "Bram": "wachtwoord van bram", "Cora": "wachtwoord van cora"}
ROWS_EACH = 3


# --- the configuration (fast) -----------------------------------------------------------------------------------

def test_the_nginx_template_has_what_replicas_need(tmp_path):
    conf = render_nginx_conf([8501, 8502], 8080, tmp_path)
    assert "{{" not in conf
    assert re.search(r"upstream wijkdashboard \{\s*#[^\n]*\n\s*ip_hash;", conf), "sticky sessions"
    assert conf.count("server 127.0.0.1:85") == 2
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_set_header Connection $connection_upgrade;" \
        in conf and "proxy_http_version 1.1;" in conf, "WebSocket upgrade headers"
    assert "daemon off;" in conf and f"pid {tmp_path}/nginx.pid;" in conf
    assert "location = /healthz" in conf and "/_stcore/health" in conf
    assert "proxy_set_header Host $http_host;" in conf, "the port stays in Host (WebSocket origin check)"


def test_the_rendered_configuration_is_valid_nginx(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: scripts/test.sh installs Debian's nginx")
    done = Nginx([8501, 8502], tmp_path).check()
    assert done.returncode == 0, done.stderr


def test_the_launcher_script_is_valid_bash():
    import subprocess

    from tests.conftest import ROOT

    done = subprocess.run(["bash", "-n", str(ROOT / "deploy" / "run_replicas.sh")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


# --- for real ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with editor_cluster(postgres_url(), PASSWORDS, tmp_path_factory.mktemp("replicas")) as running:
        yield running


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def _open_sign_in(page, url: str) -> None:
    """Start loading /inloggen (returns once the HTML is there; the app renders while other pages load)."""
    page.goto(f"{url}/inloggen")


def _sign_in(page, name: str) -> None:
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=90_000)
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORDS[name])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("h1:has-text('Invoer van programmatellingen')", timeout=60_000)
    _idle(page)


def _file(tag: str, n: int, base: int, area: str) -> bytes:
    """n counts of GLI in `area`, one per year; `base` makes the values differ per editor, and each editor counts
    an area of their own (the same program, area, period and value would be a duplicate, another value for the same
    period a second number; both are left out by default, whatever their source)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["program", "area", "period_start", "period_end", "value_low", "source"])
    for i in range(n):
        writer.writerow(["gli", area, f"{2015 + i}-01-01", f"{2015 + i}-12-31", base + i, f"{tag} #{i + 1}"])
    return out.getvalue().encode("utf-8")


def _ready_to_confirm(page, tag: str, n: int, base: int, area: str) -> None:
    page.get_by_role("tab", name="Bestand uploaden").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": f"{tag}.csv", "mimeType": "text/csv", "buffer": _file(tag, n, base, area)}])
    checked = "1 rij gecontroleerd" if n == 1 else f"{n} rijen gecontroleerd"
    page.wait_for_selector(f"text={checked}: alles klopt", timeout=60_000)
    _idle(page)


def _totals(url: str) -> tuple[int, int, list[str]]:
    engine = open_store(url, seed=False)
    with make_sessions(engine)() as s:
        result = (s.scalar(select(func.count()).select_from(Count)),
                  s.scalar(select(func.count()).select_from(CountRevision)),
                  sorted(s.scalars(select(Count.source).where(Count.source.like("replica %")))))
    engine.dispose()
    return result


def _shows(page, sources: list[str], total: int) -> None:
    """/programmas (already loading in `page`) lists every source under the GLI chart and the total count."""
    wanted = [*sources, f"{total} tellingen."]
    page.wait_for_function(
        """wanted => { const text = [...document.querySelectorAll("[data-testid='stCaptionContainer']")]
                         .map(e => e.innerText).join(" ");
                       return wanted.every(w => text.includes(w)); }""", arg=wanted, timeout=90_000)


def _access_log_with(nginx: Nginx, pattern: str, timeout_s: float = 15) -> str:
    """nginx's access log once it has a line matching `pattern` (or after timeout_s): nginx writes a WebSocket's
    line only when the connection has closed on both sides, a moment after the browser context closed it."""
    deadline = time.monotonic() + timeout_s
    while True:
        log = nginx.access_log.read_text(encoding="utf-8")
        if re.search(pattern, log) or time.monotonic() > deadline:
            return log
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.browser
def test_two_editors_on_two_replicas_save_at_once_and_both_replicas_show_it(browser, cluster, artifacts):
    nginx, (one, two) = cluster["nginx"], cluster["replicas"]
    # nginx serves the app: the health check, and a page over the WebSocket
    assert requests.get(f"{nginx.url}/_stcore/health", timeout=5).text == "ok"
    assert requests.get(f"{nginx.url}/healthz", timeout=5).text == "ok"
    context = {name: browser.new_context(viewport={"width": 1400, "height": 1000})
               for name in ("viewer", "anna", "bram", "nginx_editor")}
    page, anna, bram = (context[n].new_page() for n in ("viewer", "anna", "bram"))
    page.goto(nginx.url)  # the three pages load at the same time, each on its own replica's server
    _open_sign_in(anna, one.url)
    _open_sign_in(bram, two.url)
    page.wait_for_selector("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')", timeout=90_000)
    _idle(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().startswith("Ervaren gezondheid")
    assert page.locator("text=Gegevens van").count() == 1
    page.screenshot(path=str(artifacts / "replicas_via_nginx.png"), full_page=True)
    before = _totals(cluster["db"])
    assert before[:2] == (SEEDED, SEEDED)

    # two editors, each on their own replica, confirm their uploads at the same moment
    _sign_in(anna, "Anna")
    _sign_in(bram, "Bram")
    _ready_to_confirm(anna, "replica 1 Anna", ROWS_EACH, 1100, "WK051836")
    _ready_to_confirm(bram, "replica 2 Bram", ROWS_EACH, 2200, "WK051808")
    confirm = "Bevestig: tellingen opslaan"
    anna.get_by_role("button", name=confirm).click(no_wait_after=True)
    bram.get_by_role("button", name=confirm).click(no_wait_after=True)
    for page_, tag in ((anna, "replica 1 Anna"), (bram, "replica 2 Bram")):
        page_.wait_for_selector(f"text={ROWS_EACH} tellingen opgeslagen uit {tag}.csv.", timeout=60_000)
    anna.screenshot(path=str(artifacts / "replicas_anna_saved.png"), full_page=True)

    # and one more through nginx: the upload (XSRF token, body size) passes the proxy
    via_nginx = context["nginx_editor"].new_page()
    _open_sign_in(via_nginx, nginx.url)
    _sign_in(via_nginx, "Anna")
    _ready_to_confirm(via_nginx, "replica via nginx", 1, 3300, "WK051838")
    via_nginx.get_by_role("button", name=confirm).click()
    via_nginx.wait_for_selector("text=1 telling opgeslagen uit replica via nginx.csv.", timeout=60_000)

    counts, revisions, sources = _totals(cluster["db"])
    expected = sorted([f"replica 1 Anna #{i}" for i in range(1, ROWS_EACH + 1)]
                      + [f"replica 2 Bram #{i}" for i in range(1, ROWS_EACH + 1)] + ["replica via nginx #1"])
    written = 2 * ROWS_EACH + 1
    assert record_writes(expected, sources) == 0, "every confirmed upload row is in the store"
    assert sources == expected
    assert (counts, revisions) == (SEEDED + written, SEEDED + written), "every count with its revision"
    # both replicas show every count, whichever replica saved it (loading at the same time)
    anna.goto(f"{one.url}/programmas")
    bram.goto(f"{two.url}/programmas")
    _shows(anna, expected, SEEDED + written)
    _shows(bram, expected, SEEDED + written)
    for ctx in context.values():
        ctx.close()
    log = _access_log_with(nginx, r'"GET /_stcore/stream[^"]*" 101 ')
    assert re.search(r'"GET /_stcore/stream[^"]*" 101 ', log), "the WebSocket was upgraded through nginx"
    assert re.search(r'"PUT /_stcore/upload_file/[^"]*" 20\d ', log), "an upload passed through nginx"
    record(faults=["two editors on two replicas saving at the same moment: both landed, both replicas show them"],
           notes={"replicas": {"replicas": 2, "nginx": "ip_hash, WebSocket upgrade, /healthz",
                               "concurrent_uploads": 2, "rows_each": ROWS_EACH, "via_nginx": 1}})


def _try_sign_in(page, url: str, name: str, password: str) -> str:
    """One attempt on /inloggen of this replica; the error it shows ("" when none)."""
    page.goto(f"{url}/inloggen")
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=90_000)
    _idle(page)
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("[data-testid='stAlert'], h1:has-text('Invoer van programmatellingen')", timeout=60_000)
    alert = page.locator("[data-testid='stAlert']")
    return alert.first.inner_text() if alert.count() else ""


def _on_invoer(page, url: str) -> bool:
    page.goto(f"{url}/invoer")
    page.wait_for_selector("[role='tab']:has-text('Bestand uploaden'), [data-testid='stAlert']", timeout=90_000)
    _idle(page)
    return page.locator("[role='tab']:has-text('Bestand uploaden')").count() > 0


@pytest.mark.slow
@pytest.mark.browser
def test_the_sign_in_limit_and_sign_out_hold_across_the_two_replicas(browser, cluster):
    """#21.6: failures are counted in the store, so five spread over two replicas lock the name on both (not 5 per
    replica). #18: the signed cookie made on one replica is valid on the other, and sign-out on one ends it there."""
    one, two = cluster["replicas"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    for i in range(5):  # three wrong passwords on replica 1, two on replica 2
        shown = _try_sign_in(page, (one if i % 2 == 0 else two).url, "Cora", f"fout wachtwoord {i}")
        assert shown.startswith("Naam of wachtwoord onjuist"), shown
    for replica in (one, two):  # the right password is refused on both: 5 failures in all, not per replica
        shown = _try_sign_in(page, replica.url, "Cora", PASSWORDS["Cora"])
        assert shown.startswith("Te veel mislukte pogingen voor deze naam"), (replica.url, shown)
    context.close()

    editor = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = editor.new_page()
    page.goto(f"{one.url}/inloggen")
    _sign_in(page, "Bram")  # on replica 1
    cookie = next(c for c in editor.cookies() if c["name"] == "wijkdashboard_signin")
    replay = browser.new_context(viewport={"width": 1400, "height": 1000})
    replay.add_cookies([{**cookie, "domain": "127.0.0.1"}])
    other = replay.new_page()
    assert _on_invoer(other, two.url), "the cookie made on replica 1 is valid on replica 2"
    page.locator("[data-testid='stSidebar'] button:has-text('Uitloggen')").click()  # sign out on replica 1
    page.wait_for_selector("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')", timeout=60_000)
    assert not _on_invoer(other, two.url), "after sign-out on replica 1 the replayed cookie is refused on replica 2"
    replay.close()
    editor.close()
    record(faults=["sign-in limit across two replicas: 5 failures in all lock the name on both",
                   "sign-out on one replica: the replayed cookie is refused on the other"])
