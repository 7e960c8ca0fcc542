"""No fragment is drawn inside another, read from what the server sends the browser (Streamlit's ForwardMsgs).

Streamlit 1.67, when a widget of a fragment changes while a whole run is still sending that fragment's elements,
drops the fragment's unsent elements from its send queue as the fragment's own run starts, and keeps those of a
fragment nested in it. The browser then gets an element at a position after a gap and draws a blank page ("Bad delta
path index 4 (should be between [0, 2])"): /trends' numbers table (a fragment) in its second tab (a fragment) did
that when an area was chosen right after the tab opened, once in 10 runs on a loaded machine
(ui.widgets.table_when_opened). Each page and tab is loaded here and every element's fragment is compared with the
fragments of the blocks it lies in."""
from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = ["/", "/profiel?area=WK051836", "/profiel?area=BU05182800", "/vergelijk", "/vergelijk?section=ranking",
         "/vergelijk?section=gradient", "/trends", "/trends?section=indicators", "/programmas", "/presentatie",
         "/bronnen"]


class Wire:
    """The ForwardMsgs of a page's runs: which fragment each block was sent for, per run (paths are reused)."""

    def __init__(self) -> None:
        self.fragment_at: dict[tuple[int, ...], str] = {}
        self.deltas = 0
        self.fragments: set[str] = set()
        self.nested: list[tuple[tuple[int, ...], str, str]] = []

    def received(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.fragment_at = {}
        if kind != "delta":
            return
        self.deltas += 1
        path, fragment = tuple(msg.metadata.delta_path), msg.delta.fragment_id
        if not fragment:
            return
        self.fragments.add(fragment)
        outer = {self.fragment_at[path[:n]] for n in range(1, len(path)) if path[:n] in self.fragment_at}
        self.nested += [(path, o, fragment) for o in outer if o != fragment]
        if msg.delta.WhichOneof("type") == "add_block":
            self.fragment_at[path] = fragment


def test_the_wire_reader_sees_a_fragment_inside_another():
    """The check itself: a block of fragment A holding a block of fragment B is reported (ids as Streamlit sends)."""
    wire = Wire()
    for path, fragment in (((0, 3), "A"), ((0, 3, 0), "A"), ((0, 3, 1), "B"), ((0, 3, 1, 0), "B"), ((0, 4), "C")):
        msg = ForwardMsg()
        msg.metadata.delta_path[:] = path
        msg.delta.add_block.vertical.SetInParent()
        msg.delta.fragment_id = fragment
        wire.received(msg.SerializeToString())
    assert wire.nested == [((0, 3, 1), "A", "B"), ((0, 3, 1, 0), "A", "B")]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_draws_a_fragment_inside_another(mirror, app_url, page, path):
    wire = Wire()
    page.on("websocket", lambda ws: ws.on("framereceived", wire.received))
    page.goto(f"{app_url}{path}")
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=90_000)
    assert wire.deltas > 20, "the page's elements were not read from the wire"
    assert wire.nested == [], wire.nested
    if path.startswith(("/trends", "/profiel", "/programmas", "/vergelijk?section=")):
        assert wire.fragments, "these pages draw their sections as fragments: none was seen"
