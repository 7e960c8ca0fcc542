"""Sign-in in headless Chromium (#18): the signed cookie keeps an editor signed in across a reload and a typed
URL; after sign-out a copy of that cookie is refused; a second browser that resumes the editor's Streamlit session
(same session id, as someone could from a proxy log: the id is in upload URLs) has no editor rights there."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from programs import auth, signin
from programs.db import make_sessions, open_store
from programs.models import SigninSession
from programs.users import add_user
from tests.conftest import start_streamlit

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord van anna"
REFUSED = "Deze pagina is alleen voor invoerders"
ENTRY_TITLE = "Invoer van programmatellingen"
# Browser B's WebSocket asks to resume the session whose id is in window.__resume (Streamlit sends the id to
# resume as the third entry of Sec-WebSocket-Protocol, as its own frontend does after a reconnect).
RESUME_SCRIPT = """
(() => {
  const Original = window.WebSocket;
  window.__protocols = [];
  window.WebSocket = function (url, protocols) {
    if (window.__resume && Array.isArray(protocols)) {
      protocols = [protocols[0], protocols[1] || "", window.__resume];
    }
    window.__protocols.push(protocols);
    return new Original(url, protocols);
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("signin-browser-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", PASSWORD, rounds=auth.BCRYPT_ROUNDS)
    engine.dispose()
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url, folder
    proc.terminate()
    proc.wait(timeout=10)


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def _session_ids(page) -> list[str]:
    """The Streamlit session ids the server gave this page (from its NewSession messages), in order."""
    ids: list[str] = []

    def on_socket(ws) -> None:
        def on_frame(payload) -> None:
            if isinstance(payload, (bytes, bytearray)):
                msg = ForwardMsg()
                try:
                    msg.ParseFromString(bytes(payload))
                except Exception:  # noqa: BLE001 - not every frame is a ForwardMsg we can read
                    return
                if msg.HasField("new_session") and msg.new_session.initialize.session_id:
                    ids.append(msg.new_session.initialize.session_id)

        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return ids


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/inloggen")
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=90_000)
    page.get_by_label("Naam").fill("Anna")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector(f"h1:has-text('{ENTRY_TITLE}')", timeout=60_000)
    page.wait_for_selector("[role='tab']:has-text('Bestand uploaden')", timeout=60_000)
    _idle(page)


def signed_in(page) -> bool:
    """On /invoer: the editor's tabs (True) or the refusal (False)."""
    page.wait_for_selector(f"[role='tab']:has-text('Bestand uploaden'), [data-testid='stAlert']:has-text('{REFUSED}')",
                           timeout=60_000)
    _idle(page)
    return page.locator("[role='tab']:has-text('Bestand uploaden')").count() > 0


def cookie_of(context) -> dict:
    return next(c for c in context.cookies() if c["name"] == signin.COOKIE_NAME)


def open_sessions(folder: Path) -> int:
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine)() as s:
        n = s.query(SigninSession).filter(SigninSession.revoked_at.is_(None)).count()
    engine.dispose()
    return n


def test_reload_and_a_typed_url_keep_an_editor_signed_in(browser, server, artifacts):
    url, _ = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sign_in(page, url)
    cookie = cookie_of(context)
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/" and cookie["expires"] > 0
    page.reload()
    assert signed_in(page), "a reload keeps the editor signed in"
    page.goto(f"{url}/programmas")
    _idle(page)
    page.goto(f"{url}/invoer")  # typed in the address bar
    assert signed_in(page), "a typed URL keeps the editor signed in"
    page.screenshot(path=str(artifacts / "signin_after_typed_url.png"), full_page=True)
    context.close()


def test_after_sign_out_a_replayed_cookie_is_refused(browser, server):
    url, folder = server
    editor = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = editor.new_page()
    sign_in(page, url)
    copied = cookie_of(editor)
    before = open_sessions(folder)
    replay = browser.new_context()
    replay.add_cookies([copied])
    other = replay.new_page()
    other.goto(f"{url}/invoer")
    assert signed_in(other), "the copied cookie works while the editor is signed in"
    page.locator("[data-testid='stSidebar'] button:has-text('Uitloggen')").click()
    page.wait_for_selector("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')", timeout=60_000)
    assert not [c for c in editor.cookies() if c["name"] == signin.COOKIE_NAME], "the cookie is gone"
    assert open_sessions(folder) == before - 1, "sign-out ended the session in the store"
    other.goto(f"{url}/invoer")  # the same cookie, replayed after the sign-out
    assert not signed_in(other), "a replayed cookie is refused after sign-out"
    replay.close()
    editor.close()


def test_a_second_browser_resuming_the_session_id_has_no_editor_rights(browser, server, artifacts):
    url, _ = server
    editor = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = editor.new_page()
    editor_ids = _session_ids(page)
    sign_in(page, url)
    assert editor_ids, "the editor's page got a session id"
    victim = editor_ids[-1]

    intruder = browser.new_context(viewport={"width": 1400, "height": 1000})
    intruder.add_init_script(f"window.__resume = {victim!r};" + RESUME_SCRIPT)
    other = intruder.new_page()
    other_ids = _session_ids(other)
    other.goto(f"{url}/invoer")
    refused = not signed_in(other)
    assert other.evaluate("window.__protocols.map(p => p[2])")[0] == victim, "it asked for the editor's session"
    assert victim in other_ids, "and the server resumed the editor's session in the second browser"
    other.screenshot(path=str(artifacts / "signin_resumed_session.png"), full_page=True)
    assert refused, "the resumed session has no editor rights without the editor's cookie"
    assert other.locator("[data-testid='stFileUploaderDropzoneInput']").count() == 0
    intruder.close()
    editor.close()
