"""Faults the dashboard survives (issue #11), each through the whole app (router + page, AppTest) or the store:

- the data source unreachable (no network, no mirror): the app starts from the files downloaded earlier into its
  cache folder and the sidebar says how old they are ("Gegevens van 27 mrt 2025 (lokale kopie ...)");
- a corrupt cached file (a truncated CSV, JSON or GeoJSON): the page names the file and what is wrong, no traceback;
- the database unreachable: the viewer pages still work, the entry page says the store is unavailable and shows
  no form (nothing can be typed in to be queued silently), the presentation shows its other slides;
- the database restarted while in use: the next save works (pool_pre_ping), through the store and through the
  entry page; a save while it is down fails loudly and nothing of it appears later.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from programs import store
from programs.db import make_engine, make_sessions, open_store
from programs.models import Count, CountRevision
from programs.users import Account, add_user
from tests.conftest import app_test
from tests.conftest_pg import postgres_url, reset_postgres
from tests.reliability import record, record_writes, reliability_summary  # noqa: F401  (fixture)
from tests.signin_helpers import app_cookie, set_cookie, sign_in_app  # noqa: F401  (fixture)

# The files the loaders read for Den Haag, as the mirror names them (= their names in a cache folder).
NEEDED = ("rivm_50090NED_gezondheid_denhaag.csv", "kwb_2019_84583NED_denhaag.csv",
          "raw/kwb_2024_85984NED_stripped_gm_wk.json", "raw/tnocs_haaglanden_gemeente_2015.geojson",
          "raw/tnocs_haaglanden_wijk_2015.geojson", "raw/tnocs_haaglanden_buurt_2015.geojson")
FILES_TIME = dt.datetime(2025, 3, 20, 12, 0, tzinfo=dt.UTC)  # when the earlier downloads were written
TABLE_MODIFIED = "2025-03-27T02:00:00"  # what CBS said the RIVM table's date was (freshness.json)
ENTRY, PROGRAMS, PRESENTATION = "views/invoer.py", "views/programmas.py", "views/presentatie.py"
VIEWER_PAGES = ("kaart", "profiel", "vergelijk", "trends", "bronnen")
CLOSED_DB = "postgresql+psycopg://wijkdashboard@127.0.0.1:{port}/wijkdashboard"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No network: every connection to a non-loopback address (and every DNS lookup of a name) is refused and
    noted. The app itself never downloads at run time; this proves it."""
    attempts: list[str] = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            attempts.append(str(address))
            raise OSError(101, "Network is unreachable (test)")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            attempts.append(f"dns:{host}")
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test)")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


@pytest.fixture
def cache_only(mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder (XDG_CACHE_HOME/wijkdashboard) holding copies of the needed files, made now, dated as
    earlier downloads; no explicit folder, no mirror."""
    cache = tmp_path / "xdg" / "wijkdashboard"
    for name in NEEDED:
        target = cache / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / name, target)
        os.utime(target, (FILES_TIME.timestamp(), FILES_TIME.timestamp()))
    (cache / "freshness.json").write_text(json.dumps({
        "rivm_50090NED_gezondheid_denhaag.csv": {"table": "50090NED", "modified": TABLE_MODIFIED,
                                                 "downloaded": "2025-03-20T12:00:00"}}), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("WIJKDASHBOARD_DATA_DIR", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_NO_MIRROR", "1")
    return cache


def _run(page: str | None = None, params: dict[str, str] | None = None, user: Account | None = None):
    at = app_test(params, timeout=120)
    if user is not None:
        sign_in_app(user)  # the cookie of a sign-in as this account (tests/signin_helpers.py)
    else:
        set_cookie(None)  # each run is a new visitor: without a user, a browser that never signed in
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


# --- the data source unreachable ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,expected", [  # each source's period and release; the file date only as a download
    ("nl", ("Gegevens van RIVM 2012, 2016, 2020 (uitgave 27 mrt 2025) · CBS 2015, 2019, 2024",
            "gedownload op 20 mrt 2025 (lokale kopie van eerdere downloads)")),
    ("en", ("Data from RIVM 2012, 2016, 2020 (released 27 Mar 2025) · CBS 2015, 2019, 2024",
            "downloaded on 20 Mar 2025 (local copy of earlier downloads)")),
])
def test_without_network_or_mirror_the_app_starts_from_its_cache(cache_only, offline, lang, expected):
    at = _run(params={"lang": lang})
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title and at.title[0].value.endswith("2020"), "the map page shows the default indicator"
    def says_how_old(at) -> bool:
        return any(c.value.startswith(expected[0]) and c.value.endswith(expected[1]) for c in at.sidebar.markdown)

    assert says_how_old(at), [c.value for c in at.sidebar.markdown]
    for page in ("profiel", "trends"):  # other pages read the same cached files
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception and not at.error, page
        assert says_how_old(at), "every page says how old the data is"
    assert offline == [], f"the app tried the network: {offline}"
    record(faults=["data source unreachable (no network, no mirror): started from the cache, 'data as of' shown"])


@pytest.mark.parametrize("gemeente, lang, line", [
    ("GM0518", "nl", "Gegevens van RIVM 2012, 2016, 2020 · CBS 2015, 2019, 2024"),
    ("GM0518", "en", "Data from RIVM 2012, 2016, 2020 · CBS 2015, 2019, 2024"),
    ("GM0603", "nl", "Gegevens van RIVM 2012, 2016, 2020 · CBS 2015, 2024"),  # Rijswijk
    ("GM0603", "en", "Data from RIVM 2012, 2016, 2020 · CBS 2015, 2024"),
    ("GM0629", "nl", "Gegevens van RIVM 2012, 2016, 2020 · CBS 2015, 2024"),
    ("GM0503", "nl", "Gegevens van RIVM 2012, 2016, 2020 · CBS 2015, 2024"),
])
def test_the_sidebar_says_how_old_the_mirror_is(mirror, gemeente, lang, line):
    """The tables the gemeente's figures are read from (as /bronnen says), each with its years: the mirror's KWB 2019
    file holds Den Haag only, and every gemeente's line read 'RIVM 2020 · CBS 2024', counting the files found; the
    health monitor, read for 2012, 2016 and 2020 (Den Haag's own file, the other gemeenten's national workbooks),
    was named by its newest year alone."""
    at = _run(params={"gemeente": gemeente, "lang": lang})
    # the mirror's files were copied, not downloaded: no file date, only the sources' own periods
    said = [c.value for c in at.sidebar.markdown if c.value.startswith(("Gegevens van", "Data from"))]
    assert len(said) == 1 and (said[0] == line or said[0].startswith(f"{line} · programm")), said
    assert "gedownload" not in said[0] and "downloaded" not in said[0]


# --- a corrupt cached file --------------------------------------------------------------------------------------

def _truncate(path: Path) -> None:
    data = path.read_bytes()
    cut = len(data) // 2
    while data[cut:cut + 1] in (b"\n", b"\r"):  # cut inside a line, as an interrupted download does
        cut += 1
    path.write_bytes(data[:cut])


@pytest.mark.parametrize("name,problem", [
    ("rivm_50090NED_gezondheid_denhaag.csv", "is truncated: its last line is incomplete"),
    ("raw/kwb_2024_85984NED_stripped_gm_wk.json", "is not valid JSON (truncated or corrupt?)"),
    ("raw/tnocs_haaglanden_wijk_2015.geojson", "cannot be read as GeoJSON (truncated or corrupt?)"),
], ids=["csv", "json", "geojson"])
def test_a_truncated_cached_file_is_named_with_what_is_wrong(cache_only, offline, name, problem):
    _truncate(cache_only / name)
    at = _run()
    assert not at.exception, "no traceback"
    message = " ".join(e.value for e in at.error)
    assert str(cache_only / name) in message and problem in message, message
    assert "Traceback" not in message
    record(faults=[f"corrupt cached file ({Path(name).suffix[1:]}): named in a clear error"])


def test_a_cut_csv_is_refused_even_when_pandas_would_read_it(cache_only):
    """pandas pads the cut last row with empty cells: without the check the map would show made-up numbers."""
    from indicators.observations import read_kwb_csv
    from indicators.sources import DataFileError

    path = cache_only / "kwb_2019_84583NED_denhaag.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([*lines[:-1], ",".join(lines[-1].split(",")[:5])]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line \d+ has 5 fields, the header \d+"):
        read_kwb_csv(path, "GM0518", 2019)


# --- the database unreachable -----------------------------------------------------------------------------------

@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL pointing at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = CLOSED_DB.format(port=port)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_without_the_database_viewer_pages_still_work(mirror, no_database):
    at = _run()
    assert not at.exception and not at.error, "the map never needs the store"
    for page in VIEWER_PAGES[1:]:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception and not at.error, (page, [e.value for e in at.error])
    at.switch_page(PROGRAMS).run()
    assert not at.exception
    assert [e.value for e in at.error] == [("De programmatellingen zijn nu niet bereikbaar (OperationalError). "
                                            "Probeer het later opnieuw; meld het aan de beheerder als het zo blijft.")]
    at.switch_page(PRESENTATION).run()
    assert not at.exception and not at.error, "the presentation goes on without the program counts"
    assert any("niet bereikbaar" in c.value for c in at.caption)
    record(faults=["database unreachable: viewer pages and the presentation still work"])


def test_without_the_database_the_entry_page_says_so_and_takes_nothing(mirror, no_database):
    at = _run(ENTRY, user=Account("Anna", "editor"))
    assert not at.exception
    assert [e.value for e in at.error] == [("De database met tellingen is nu niet bereikbaar (OperationalError). "
                                            "Er is niets opgeslagen; probeer het later opnieuw.")]
    assert not at.tabs and not at.file_uploader and not at.main.text_input and not at.number_input, \
        "no form: nothing can be entered to be queued silently"  # (the sidebar's download field is no entry)
    at = _run(ENTRY)  # a viewer is refused as always (the refusal needs no database)
    assert not at.exception and at.warning[0].value.startswith("Deze pagina is alleen voor invoerders")
    at = _run("views/inloggen.py")
    at.text_input(key="entry_signin_name_page").input("Anna")
    at.text_input(key="entry_signin_password_page").input("wachtwoord van anna")
    next(b for b in at.button if b.label == "Inloggen").click().run()
    assert not at.exception and "entry_user" not in at.session_state
    assert at.error[0].value.startswith("De database met tellingen is nu niet bereikbaar")
    record(faults=["database unreachable: entry page says the store is unavailable, no form, nothing queued"])


# --- the database restarted -----------------------------------------------------------------------------------

def _pg_ctl(*args: str) -> None:
    pg_dir = os.environ.get("PG_TEST_DIR")
    if not pg_dir:
        pytest.fail("PG_TEST_DIR is not set: run `source scripts/start_postgres.sh` first")
    binary = max(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    command = [binary, "-D", f"{pg_dir}/data", "-l", f"{pg_dir}/server.log", "-w", "-t", "60", *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=90)


def restart_postgres() -> None:
    _pg_ctl("-m", "fast", "restart")


def stop_postgres() -> None:
    _pg_ctl("-m", "fast", "stop")


def start_postgres() -> None:
    pg_dir, port = os.environ["PG_TEST_DIR"], os.environ["PG_TEST_PORT"]
    _pg_ctl("-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {pg_dir} -c fsync=off -c full_page_writes=off",
            "start")


def _count(label: str, value: int) -> dict:
    return {"program": "gli", "area": "GM0518", "period_start": dt.date(2023, 1, 1),
            "period_end": dt.date(2023, 12, 31), "value_low": value, "source": f"restart test: {label}"}


def _totals(sessions) -> tuple[int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Count)),
                s.scalar(select(func.count()).select_from(CountRevision)))


def test_after_a_database_restart_the_next_save_works():
    url = postgres_url()
    reset_postgres(url)
    open_store(url).dispose()
    engine = make_engine(url)  # one engine for the whole test, as an app process keeps it
    assert engine.pool._pre_ping, "pool_pre_ping: a connection that died with the server is replaced"
    sessions = make_sessions(engine)
    before = _totals(sessions)
    saved: list[str] = []  # the saves that returned without an error: the user was told they are stored

    def save(label: str, value: int) -> None:
        with sessions.begin() as s:
            store.add_count(s, _count(label, value), "Anna")
        saved.append(f"restart test: {label}")

    save("before the restart", 1)
    restart_postgres()
    save("after the restart", 2)  # the pooled connection died with the old server

    stop_postgres()
    try:
        # down: the save fails loudly, nothing is kept to send later
        with pytest.raises(OperationalError), sessions.begin() as s:
            store.add_count(s, _count("while down", 3), "Anna")
    finally:
        start_postgres()
    save("after the outage", 4)
    with sessions() as s:
        sources = sorted(s.scalars(select(Count.source).where(Count.source.like("restart test:%"))))
    totals = _totals(sessions)
    engine.dispose()
    assert record_writes(saved, sources) == 0, (saved, sources)
    assert sources == sorted(saved), "the failed save did not turn up later"
    assert totals == (before[0] + 3, before[1] + 3), "each count with its revision"
    record(faults=["database restarted between two saves: the next save worked",
                   "database down during a save: refused loudly, nothing queued"])


def test_the_entry_page_saves_after_a_database_restart(mirror, monkeypatch):
    url = postgres_url()
    reset_postgres(url)
    engine = open_store(url)
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", "wachtwoord van anna", rounds=4)
    monkeypatch.setenv("DATABASE_URL", url)
    at = _run(ENTRY, user=Account("Anna", "editor"))
    assert not at.exception and len(at.tabs) == 4
    saved: list[str] = []  # the saves the page confirmed ("Telling #… opgeslagen")

    def save(value: int, source: str, area: str) -> None:  # an area each: one count per program, area and period
        at.selectbox(key="entry_add_program").set_value("gli")
        at.selectbox(key="entry_add_area").set_value(area)
        at.number_input(key="entry_add_low").set_value(value)
        at.text_input(key="entry_add_source").input(source)
        next(b for b in at.button if b.label == "Telling opslaan").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        assert at.success and at.success[0].value.startswith("Telling #")
        saved.append(source)

    save(11, "voor de herstart", "WK051836")
    restart_postgres()  # while the editor has the page open
    save(12, "na de herstart", "WK051838")
    with make_sessions(engine)() as s:
        mine = sorted(s.scalars(select(Count.source).where(Count.entered_by == "Anna")))
    engine.dispose()
    assert record_writes(saved, mine) == 0, (saved, mine)
    assert mine == sorted(saved) == ["na de herstart", "voor de herstart"]
    record(faults=["database restarted while an editor had the entry page open: the next save worked"])
