"""AppTest of data entry (/invoer, /inloggen): viewers neither see nor open it; editors sign in, add a count that
then shows on /programmas, upload files (a bad one shows its problems per row and stores nothing), correct
with a clear message when someone else saved first, undo; admins export; OIDC emails map to roles."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit
from sqlalchemy import func, select

from programs import auth, store
from programs.db import make_sessions, open_store
from programs.models import Count, CountRevision
from programs.upload import rows_to_csv
from programs.users import Account, add_user
from tests.conftest import app_test
from tests.test_upload_checks import workbook
from tests.signin_helpers import app_cookie, set_cookie, sign_in_app  # noqa: F401  (fixture)

ENTRY, SIGNIN, PROGRAMS = "views/invoer.py", "views/inloggen.py", "views/programmas.py"
PASSWORD = "wachtwoord van anna"


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch):
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def store_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A new SQLite store per test (the report's figures), with an editor Anna and an admin Beheer."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", PASSWORD, rounds=4)
        add_user(s, "Beheer", "admin", "wachtwoord van beheer", email="beheer@example.org", rounds=4)
    engine.dispose()
    return tmp_path


@pytest.fixture
def nav_spy(monkeypatch):
    """What app.py hands to st.navigation on each run: [(url_path, visibility)]."""
    seen: list[list[tuple[str, str]]] = []
    real = streamlit.navigation

    def spy(pages, *args, **kwargs):
        seen.append([(p.url_path, p.visibility) for p in pages])
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", spy)
    return seen


def totals(folder: Path) -> tuple[int, int]:
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine)() as s:
        result = (s.scalar(select(func.count()).select_from(Count)),
                  s.scalar(select(func.count()).select_from(CountRevision)))
    engine.dispose()
    return result


def open_app(page: str, account: Account | None = None, lang: str = "nl", **settings):
    """The app opened at `page`, signed in as `account` (None: a viewer); `settings`: AppTest's secrets, user."""
    at = app_test({"lang": lang} if lang != "nl" else {}, timeout=120)
    for key, value in settings.items():
        setattr(at, key, value)
    if account is not None:
        sign_in_app(account)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def set_by_page(at) -> str | None:
    """The value of the sign-in cookie the page's script sets (\"\" when it deletes it), None without a script."""
    for element in at.get("html"):
        found = re.search(r'"wijkdashboard_signin=([^;"]*);', element.proto.body)
        if found:
            return found.group(1)
    return None


def unescape(text):
    """Markdown source as it shows (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", text) if isinstance(text, str) else text


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def frame_with(at, column: str) -> pd.DataFrame:
    """The first st.dataframe or st.table with this column (a table's index counts as a column)."""
    frames = [df.value for df in at.dataframe] + [tb.value.reset_index() for tb in at.table]
    return next(df for df in frames if column in df.columns)


ANNA = Account("Anna", "editor")
BEHEER = Account("Beheer", "admin", "beheer@example.org")


# --- who sees what ---------------------------------------------------------------------------------------------

def test_a_viewer_does_not_see_invoer_and_a_direct_url_refuses(mirror, store_dir, nav_spy):
    at = open_app(ENTRY)
    assert ("invoer", "hidden") in nav_spy[-1] and ("inloggen", "hidden") in nav_spy[-1]
    assert all(v == "visible" for p, v in nav_spy[-1] if p not in ("invoer", "inloggen"))
    assert at.title[0].value == "Invoer van programmatellingen"
    assert [w.value for w in at.warning] == [
        "Deze pagina is alleen voor invoerders. Log in als invoerder om tellingen toe te voegen of te corrigeren."]
    assert not at.tabs and not at.file_uploader
    assert [b.label for b in at.main.button] == ["Inloggen"]  # only the sign-in form
    assert at.text_input(key="entry_signin_password_refused").proto.type == 1  # TextInput.PASSWORD


def test_english_refusal(mirror, store_dir):
    at = open_app(ENTRY, lang="en")
    assert at.warning[0].value == "This page is for data editors only. Sign in as an editor to add or correct counts."


def test_an_editor_sees_invoer_in_the_navigation(mirror, store_dir, nav_spy):
    at = open_app(ENTRY, ANNA)
    assert ("invoer", "visible") in nav_spy[-1] and ("inloggen", "hidden") in nav_spy[-1]
    assert len(at.tabs) == 4 and not at.warning
    assert any("Ingelogd als Anna (invoerder)" in c.value for c in at.sidebar.caption)
    assert at.info[-1].value == "Alleen beheerders kunnen de hele database exporteren en accounts zien."


def test_a_removed_account_loses_access_at_once(mirror, store_dir):
    at = open_app(ENTRY, Account("Piet", "editor"))  # not (or no longer) in the users table
    assert at.warning and not at.tabs


def test_signing_in_on_the_form(mirror, store_dir, nav_spy):
    at = open_app(ENTRY)
    at.text_input(key="entry_signin_name_refused").input("anna")
    at.text_input(key="entry_signin_password_refused").input("fout wachtwoord")
    button(at, "Inloggen").click().run()
    assert [e.value for e in at.error] == ["Naam of wachtwoord onjuist."]
    at.text_input(key="entry_signin_name_refused").input("niemand")
    at.text_input(key="entry_signin_password_refused").input(PASSWORD)
    button(at, "Inloggen").click().run()
    assert [e.value for e in at.error] == ["Naam of wachtwoord onjuist."], "same words for a wrong name"
    at.text_input(key="entry_signin_name_refused").input("anna")
    at.text_input(key="entry_signin_password_refused").input(PASSWORD)
    button(at, "Inloggen").click().run()
    assert not at.exception and not at.error
    cookie = set_by_page(at)  # the page sets the cookie and loads again: the next request carries it
    assert cookie and not at.tabs, "signed in by the cookie of the next request, not by this session"
    set_cookie(cookie)
    at.run()
    assert len(at.tabs) == 4 and not at.warning
    assert ("invoer", "visible") in nav_spy[-1]
    button(at, "Uitloggen").click().run()  # in the sidebar
    assert set_by_page(at) == "", "the page drops the cookie"
    at.run()  # a copy of the old cookie (still sent): the store has ended its session
    assert at.warning and not at.tabs


def test_the_sign_in_page_and_its_rate_limit(mirror, store_dir):
    at = open_app(SIGNIN, lang="en")
    assert at.title[0].value == "Sign in"
    for _ in range(5):
        at.text_input(key="entry_signin_name_page").input("Beheer")
        at.text_input(key="entry_signin_password_page").input("guess guess guess")
        button(at, "Sign in").click().run()
        assert [e.value for e in at.error] == ["Name or password incorrect."]
    at.text_input(key="entry_signin_password_page").input("wachtwoord van beheer")
    button(at, "Sign in").click().run()
    assert [e.value for e in at.error] == ["Too many failed attempts for this name. Please try again in 10 minutes."]
    assert set_by_page(at) is None, "no cookie"


def test_signing_in_on_the_page_goes_to_invoer(mirror, store_dir):
    at = open_app(SIGNIN)
    at.text_input(key="entry_signin_name_page").input("Anna")
    at.text_input(key="entry_signin_password_page").input(PASSWORD)
    button(at, "Inloggen").click().run()
    assert not at.exception
    script = next(e.proto.body for e in at.get("html") if "wijkdashboard_signin=" in e.proto.body)
    assert "true ? path.replace(/inloggen" in script, "an editor is sent on to /invoer"
    set_cookie(set_by_page(at))
    at.switch_page(ENTRY).run()
    assert at.title[0].value == "Invoer van programmatellingen" and len(at.tabs) == 4


# --- adding one count ------------------------------------------------------------------------------------------

def fill_moerwijk(at, value: float = 321, source: str = "Jaarcijfers Hadoks 2025, p. 2") -> None:
    at.selectbox(key="entry_add_program").set_value("gli")
    at.selectbox(key="entry_add_area").set_value("WK051836")
    at.number_input(key="entry_add_low").set_value(value)
    at.text_input(key="entry_add_source").input(source)


def test_an_editor_adds_a_count_and_sees_it_on_programmas(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    fill_moerwijk(at)
    button(at, "Telling opslaan").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Telling #40 is opgeslagen en staat nu op de pagina Programma's."]
    assert totals(store_dir) == (40, 40)
    with make_sessions(open_store(f"sqlite:///{store_dir / 'programs.sqlite'}"))() as s:
        hist = store.history(s, 40)
    assert hist[["changed_by", "reason"]].values.tolist() == [["Anna", "entry form"]]

    assert at.selectbox(key="entry_add_program").value is None, "a saved count empties the form"
    fill_moerwijk(at)
    button(at, "Telling opslaan").click().run()  # the same again: refused as a duplicate
    assert at.warning[0].value.startswith("Deze telling bestaat al (#40")
    assert totals(store_dir) == (40, 40)
    # another number for the same program, area and period: saved, it left the map and the profile showing one of
    # the two; refused now with a pointer to the correction, unless the editor says it is a second count
    at.number_input(key="entry_add_low").set_value(300)
    button(at, "Telling opslaan").click().run()
    assert at.warning[0].value.startswith("Er is al een telling voor dit programma, gebied en deze periode")
    assert "(#40)" in at.warning[0].value and totals(store_dir) == (40, 40)
    at.checkbox(key="entry_add_duplicate_ok").check()
    button(at, "Telling opslaan").click().run()
    assert [s.value for s in at.success] == ["Telling #41 is opgeslagen en staat nu op de pagina Programma's."]

    at.switch_page(PROGRAMS).run()
    assert not at.exception
    table = max((df.value for df in at.dataframe), key=len)  # all counts: the longest table
    assert len(table) == 41
    mine = table[table["Bron"] == "Jaarcijfers Hadoks 2025, p. 2"]
    assert sorted(mine[["Gebied", "Aantal", "Periode"]].values.tolist()) == [["Moerwijk", "300", "2025"],
                                                                              ["Moerwijk", "321", "2025"]]


def test_the_form_names_each_wrong_field(mirror, store_dir):
    at = open_app(ENTRY, ANNA, lang="en")
    at.selectbox(key="entry_add_program").set_value("gli")
    at.number_input(key="entry_add_low").set_value(-4)
    at.number_input(key="entry_add_high").set_value(-9)
    button(at, "Save count").click().run()
    assert [unescape(e.value) for e in at.error] == [(
        "The count was not saved. Please correct first:\n\n"
        "- Area: Please fill in this field.\n"
        "- Number: A count cannot be negative (entered: -4).\n"
        "- Number high (for a range): A count cannot be negative (entered: -9).\n"
        "- Source: Give a source: document and section or page.")]
    assert totals(store_dir) == (39, 39)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_says_when_the_period_has_not_ended(mirror, store_dir, lang):
    """A count for a period that ends after today is a count so far: the form says so (and saves it all the same)
    as soon as the end date is after today; a past period gets no such line."""
    import datetime as dt

    from texts.i18n import t

    at = open_app(ENTRY, ANNA, lang=lang)
    opening = t("entry_form_period_running", lang, end="§").split("§")[0]  # the words before the date
    running = lambda: [i.value for i in at.info if i.value.startswith(opening)]  # noqa: E731
    assert not running()
    end = dt.date.today() + dt.timedelta(days=30)
    at.date_input(key="entry_add_end").set_value(end).run()
    assert not at.exception
    assert [i.value for i in at.info if end.isoformat() in i.value] == [
        t("entry_form_period_running", lang, end=end.isoformat())]
    at.date_input(key="entry_add_end").set_value(dt.date.today() - dt.timedelta(days=1)).run()
    assert not running()
    at.date_input(key="entry_add_end").set_value(dt.date(dt.date.today().year + 2, 1, 1)).run()
    assert not running(), "a year past next is refused on saving (implausible_period), not asked about"


# --- uploads ----------------------------------------------------------------------------------------------------

def _row(**changes) -> dict:
    return {"program": "gli", "area": "Moerwijk", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "value_low": "50", "source": "Kwartaalcijfers Hadoks", **changes}


def _year_row(value: int, year: int, **changes) -> dict:
    """A row of Moerwijk's GLI count for `year`: rows of different years never give two numbers for one period."""
    return _row(value_low=str(value), period_start=f"{year}-01-01", period_end=f"{year}-12-31", **changes)


def test_a_bad_upload_shows_the_problems_per_row_and_stores_nothing(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    bad = rows_to_csv([_row(), _row(value_low="-5", period_start="2025-01-01", period_end="2024-12-31"),
                       _row(area="Atlantis"), _row(source="=HYPERLINK(\"x\")")])
    at.file_uploader(key="entry_upload_0").upload("tellingen.csv", bad, "text/csv").run()
    assert not at.exception
    assert unescape(at.error[0].value) == ("4 problemen in tellingen.csv. Er is niets opgeslagen: verbeter het "
                                           "bestand en upload het opnieuw.")
    problems = frame_with(at, "Probleem").map(unescape)  # st.table cells are markdown: escaped, shown literally
    assert problems[["Rij", "Kolom"]].values.tolist() == [["3", "period_end"], ["3", "value_low"], ["4", "area"],
                                                          ["5", "source"]]
    assert problems["Probleem"].iloc[1] == "Een aantal kan niet negatief zijn (ingevuld: -5)."
    assert not [b for b in at.button if b.key == "entry_upload_confirm"], "no confirm while there are problems"
    assert totals(store_dir) == (39, 39)


def test_a_workbook_says_which_sheet_it_read_and_refuses_counts_on_two(mirror, store_dir):
    """Notes first, counts second: the counts are read and the notes named as not read. Counts on two sheets: refused
    (before, the second sheet's count was silently left out on confirm)."""
    header, count = list(_row()), list(_row().values())
    at = open_app(ENTRY, ANNA)
    notes = workbook({"Toelichting": [["Dit is een toelichting"]], "tellingen": [header, count]})
    at.file_uploader(key="entry_upload_0").upload("uitleg.xlsx", notes, "application/octet-stream").run()
    assert not at.exception and at.success[0].value.startswith("1 rij gecontroleerd")
    assert "Niet gelezen: ‘Toelichting’" in unescape(at.warning[0].value)
    two = workbook({"tellingen": [header, count], "meer": [header, list(_row(value_low="45").values())]})
    at.file_uploader(key="entry_upload_0").upload("twee.xlsx", two, "application/octet-stream").run()
    problems = frame_with(at, "Probleem").map(unescape)
    assert problems["Probleem"].tolist() == ["Er staan tellingen op meer dan één blad (‘tellingen’, ‘meer’): zet alle "
                                             "tellingen op één blad en upload het bestand opnieuw."]
    assert not [b for b in at.button if b.key == "entry_upload_confirm"]
    assert totals(store_dir) == (39, 39)


def test_a_good_upload_goes_in_on_confirm_with_duplicates_skipped(mirror, store_dir):
    at = open_app(ENTRY, ANNA, lang="en")
    good = rows_to_csv([_year_row(n, year) for n, year in ((50, 2021), (60, 2022), (60, 2022), (70, 2023))], ",")
    at.file_uploader(key="entry_upload_0").upload("counts.csv", good, "text/csv").run()
    assert at.success[0].value == "4 rows checked: all is well. Review them and confirm."
    assert at.warning[0].value == "1 row is already in the database or appears twice in the file (row 4)."
    assert at.checkbox(key="entry_upload_skip").value is True
    assert totals(store_dir) == (39, 39), "nothing before confirming"
    at.button(key="entry_upload_confirm").click().run()
    assert not at.exception
    assert unescape(at.success[0].value) == "3 counts saved from counts.csv. 1 duplicate row skipped."
    assert totals(store_dir) == (42, 42)
    assert at.file_uploader(key="entry_upload_1").value is None, "a fresh uploader: the file cannot go in twice"

    at.file_uploader(key="entry_upload_1").upload("one.csv", rows_to_csv([_row(value_low="99")], ","),
                                                  "text/csv").run()
    assert at.success[0].value == "1 row checked: all is well. Review it and confirm."  # not '1 rows'
    at.button(key="entry_upload_confirm").click().run()
    assert unescape(at.success[0].value) == "1 count saved from one.csv."


def test_an_upload_asks_before_another_number_for_a_stored_period(mirror, store_dir):
    """It added a second number for a stored count's period silently (the map and the profile then showed one of
    the two): the rows are named with the count or earlier row, left out unless the editor adds them anyway."""
    at = open_app(ENTRY, ANNA)
    at.file_uploader(key="entry_upload_0").upload("eerst.csv", rows_to_csv([_year_row(50, 2024)]), "text/csv").run()
    at.button(key="entry_upload_confirm").click().run()
    assert totals(store_dir) == (40, 40)  # count #40
    second = rows_to_csv([_year_row(55, 2024),  # row 2: another number than #40
                          _year_row(50, 2023), _year_row(52, 2023),  # rows 3 and 4: two numbers for 2023
                          _year_row(50, 2024)])  # row 5: #40 again
    at.file_uploader(key="entry_upload_1").upload("tweede.csv", second, "text/csv").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert "1 rij staat al in de database of komt twee keer in het bestand voor (rij 5)." in warnings
    assert ("2 rijen geven voor een programma, gebied en periode een ander aantal dan een opgeslagen telling of een "
            "eerdere rij van het bestand: rij 2 (telling #40), rij 4 (rij 3 van dit bestand). Twee aantallen voor "
            "één periode laten de kaart en het profiel er één van tonen. Is een opgeslagen telling fout, corrigeer "
            "hem dan op het tabblad ‘Geschiedenis en correcties’ onder ‘Corrigeren of intrekken’. Deze rijen "
            "blijven buiten de import, tenzij u hieronder aanvinkt dat het echt tweede tellingen zijn.") in warnings
    add = at.checkbox(key="entry_upload_add_same")
    assert add.value is False and add.label == "Voeg de 2 rijen toch toe, als tweede telling voor hun periode"
    at.button(key="entry_upload_confirm").click().run()
    assert unescape(at.success[0].value) == (
        "1 telling opgeslagen uit tweede.csv. 1 dubbele rij overgeslagen. 2 rijen weggelaten: een ander aantal "
        "voor een periode die al een telling heeft.")
    assert totals(store_dir) == (41, 41), "only 2023's first row went in"

    at.file_uploader(key="entry_upload_2").upload("tweede.csv", second, "text/csv").run()
    assert any("rij 2 (telling #40), rij 4 (telling #41)" in w.value for w in at.warning)
    at.checkbox(key="entry_upload_add_same").check().run()
    at.button(key="entry_upload_confirm").click().run()
    assert unescape(at.success[0].value) == "2 tellingen opgeslagen uit tweede.csv. 2 dubbele rijen overgeslagen."
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine)() as s:
        moerwijk = store.list_counts(s, store.CountFilter(programs=("gli",), areas=("WK051836",)))
    engine.dispose()
    assert sorted(zip(moerwijk["period_start"].astype(str), moerwijk["value_low"])) == [
        ("2023-01-01", 50), ("2023-01-01", 52), ("2024-01-01", 50), ("2024-01-01", 55)]


def test_one_row_with_another_number_is_said_in_the_singular(mirror, store_dir):
    at = open_app(ENTRY, ANNA, lang="en")
    rows = rows_to_csv([_year_row(50, 2024), _year_row(60, 2024)], ",")
    at.file_uploader(key="entry_upload_0").upload("two.csv", rows, "text/csv").run()
    assert any(w.value.startswith("1 row gives another number for a programme, area and period than a stored count "
                                  "or an earlier row of the file: row 3 (row 2 of this file).") for w in at.warning)
    assert at.checkbox(key="entry_upload_add_same").label == "Add the row anyway, as a second count for its period"
    at.button(key="entry_upload_confirm").click().run()
    assert unescape(at.success[0].value) == ("1 count saved from two.csv. 1 row left out: another number for a "
                                             "period that has a count.")


# --- history, corrections, conflicts, undo ------------------------------------------------------------------------

def test_correct_with_a_conflict_then_undo(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    count_id = at.selectbox(key="entry_history_count").value
    hist = frame_with(at, "Revisie")
    assert hist["Revisie"].tolist() == [1]
    # Piet saves a correction of the same count while Anna has it open
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        store.correct_count(s, count_id, {"note_nl": "nagekeken"}, "Piet", 1, "controle")
    at.number_input(key=f"entry_edit_{count_id}_1_low").set_value(999)
    button(at, "Correctie opslaan").click().run()
    assert not at.exception
    assert at.warning[0].value.startswith("Deze telling is gewijzigd door Piet (")
    assert at.error[0].value.startswith("Deze telling is intussen gewijzigd door Piet (")
    assert "er is niets overschreven" in at.error[0].value
    with make_sessions(engine)() as s:
        assert store.get_count(s, count_id).version == 2 and store.get_count(s, count_id).value_low != 999
    button(at, "Opnieuw laden").click().run()
    assert not at.warning
    at.number_input(key=f"entry_edit_{count_id}_2_low").set_value(999)
    at.text_input(key=f"entry_edit_{count_id}_2_reason").input("typfout")
    button(at, "Correctie opslaan").click().run()
    assert not at.exception and not at.error
    assert any(s.value == f"Telling #{count_id} is gecorrigeerd (nu revisie 3)." for s in at.success)
    hist = frame_with(at, "Revisie")
    assert hist["Revisie"].tolist() == [3, 2, 1]
    assert hist["Door"].tolist()[:2] == ["Anna", "Piet"] and hist["Reden"].iloc[0] == "typfout"
    change = hist["Wijziging (oud → nieuw)"].iloc[0]
    assert change.startswith("Aantal: ") and change.endswith("→ 999")
    assert at.info[0].value.startswith(f"Uw laatste wijziging: telling #{count_id}, revisie 3")

    at.button(key="entry_undo_last").click().run()
    assert not at.exception
    done = f"Uw wijziging van telling #{count_id} is ongedaan gemaakt (nu revisie 4)."
    assert any(s.value == done for s in at.success)
    with make_sessions(engine)() as s:
        hist = store.history(s, count_id)
    assert hist["value_low"].tolist()[-1] == hist["value_low"].tolist()[1], "back to Piet's values"
    assert hist["note_nl"].tolist()[-1] == "nagekeken" and hist["reason"].iloc[-1] == "undo: revision 3"
    assert not [b for b in at.button if b.key in ("entry_undo_last", f"entry_undo_{count_id}")], "an undo is not undone"
    engine.dispose()


def test_undo_of_a_new_count_retracts_it(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    at.selectbox(key="entry_add_program").set_value("gli")
    at.selectbox(key="entry_add_area").set_value("zuidwest")
    at.number_input(key="entry_add_low").set_value(12)
    at.text_input(key="entry_add_source").input("Notitie GGD")
    button(at, "Telling opslaan").click().run()
    at.run()
    assert at.selectbox(key="entry_history_count").value == 40
    at.button(key="entry_undo_40").click().run()
    assert not at.exception
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine)() as s:
        assert store.get_count(s, 40).retracted and store.get_count(s, 40).version == 2
        assert 40 not in store.list_counts(s)["count_id"].tolist()
    engine.dispose()


def successes(at) -> dict[str, list[str]]:
    """The success messages of each tab of /invoer, by the tab's label."""
    return {tab.label: [s.value for s in tab.success] for tab in at.tabs}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_undo_is_said_on_the_tab_it_was_made_on(mirror, store_dir, lang):
    """Every tab's panel showed (and took) the one stored message: an undo on the history tab was said on the
    upload tab (drawn first), not where the editor clicked. An upload's undo stays on the upload tab."""
    at = open_app(ENTRY, ANNA, lang=lang)
    form, upload, history, admin = (tab.label for tab in at.tabs)
    at.selectbox(key="entry_add_program").set_value("gli")
    at.selectbox(key="entry_add_area").set_value("zuidwest")
    at.number_input(key="entry_add_low").set_value(12)
    at.text_input(key="entry_add_source").input("Notitie GGD")
    at.button(key="entry_add_save").click().run()
    at.run()
    at.button(key="entry_undo_last").click().run()
    assert not at.exception
    done = {"nl": "Uw wijziging van telling #40 is ongedaan gemaakt (nu revisie 2).",
            "en": "Your change of count #40 has been undone (now revision 2)."}[lang]
    assert successes(at) == {form: [], upload: [], history: [done], admin: []}
    at.run()
    assert not any(successes(at).values()), "said once"

    at.file_uploader(key="entry_upload_0").upload("twee.csv", rows_to_csv([_year_row(50, 2021), _year_row(60, 2022)]),
                                                  "text/csv").run()
    at.button(key="entry_upload_confirm").click().run()
    assert [tab for tab, said in successes(at).items() if said] == [upload]
    at.button(key="entry_undo_upload_1").click().run()
    assert not at.exception
    undone = {"nl": "Upload #1 is ongedaan gemaakt: 2 tellingen ingetrokken.",
              "en": "Upload #1 has been undone: 2 counts retracted."}[lang]
    assert successes(at) == {form: [], upload: [undone], history: [], admin: []}


# --- admin -------------------------------------------------------------------------------------------------------

def test_admin_export_and_accounts(mirror, store_dir):
    at = open_app(ENTRY, BEHEER, lang="en")
    keys = {b.key for b in at.get("download_button")}
    assert {"entry_export_tellingen_0", "entry_export_tellingen_1", "entry_export_geschiedenis_2",
            "entry_export_geschiedenis_3", "entry_template_csv", "entry_template_xlsx"} <= keys
    accounts = frame_with(at, "role")
    assert accounts["name"].tolist() == ["Anna", "Beheer"] and "password_hash" not in accounts.columns


def test_export_frames_are_formula_safe(store_dir):
    from texts.tables import to_csv_bytes
    from views.invoer_panels import export_frames

    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": "2024-01-01",
                            "period_end": "2024-12-31", "value_low": 1, "source": "=1+1"}, "@evil")
        store.retract_count(s, 1, "Anna", 1, "dubbel")
    with make_sessions(engine)() as s:
        counts, audit = export_frames(s)
    engine.dispose()
    assert len(counts) == 40 and counts["retracted"].sum() == 1, "retracted counts are exported too"
    assert len(audit) == 41 and audit["reason"].tolist()[-2:] == ["", "dubbel"]
    text = to_csv_bytes(audit).decode("utf-8-sig")
    assert "'=1+1" in text and "'@evil" in text and ",=1+1" not in text


# --- OpenID Connect ----------------------------------------------------------------------------------------------

OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "dashboard", "client_secret": "s",
                 "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}}


def test_oidc_email_maps_to_a_role(mirror, store_dir, nav_spy):
    at = open_app(ENTRY, secrets=OIDC, user={"is_logged_in": True, "email": "Beheer@example.org", "name": "B"})
    assert not at.warning and len(at.tabs) == 4
    assert any("Ingelogd als Beheer (beheerder)" in c.value for c in at.sidebar.caption)
    assert ("invoer", "visible") in nav_spy[-1]


def test_oidc_unknown_email_is_a_viewer(mirror, store_dir, nav_spy):
    at = open_app(ENTRY, secrets=OIDC, user={"is_logged_in": True, "email": "iemand@example.org", "name": "Iemand"})
    assert at.warning[0].value.startswith("U bent ingelogd als Iemand, maar dit account mag geen tellingen invoeren.")
    assert ("invoer", "hidden") in nav_spy[-1] and not at.tabs


def test_oidc_signed_out_gets_the_login_button(mirror, store_dir):
    at = open_app(ENTRY, secrets=OIDC, user={"is_logged_in": False})
    assert at.warning and [b.label for b in at.main.button] == ["Inloggen met uw organisatieaccount"]
    assert not at.main.text_input, "no local password form when OIDC is configured"


def test_an_unreachable_store_is_said_not_sign_in(mirror, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/nothing_test?connect_timeout=2")
    at = open_app(ENTRY, ANNA)
    assert at.error[0].value.startswith("De database met tellingen is nu niet bereikbaar (OperationalError).")
    assert not at.warning and not at.tabs and not at.main.text_input


# --- one step undoes a whole upload; admins add and edit programs (#18) -------------------------------------------

def test_an_editor_undoes_a_whole_upload_in_one_step(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    rows = [_year_row(n, year, source=f"Jaarverslag [klik](https://elders.invalid) {n}")
            for n, year in ((50, 2021), (60, 2022), (70, 2023))]
    at.file_uploader(key="entry_upload_0").upload("drie.csv", rows_to_csv(rows), "text/csv").run()
    at.button(key="entry_upload_confirm").click().run()
    assert totals(store_dir) == (42, 42)
    row = next(m.value for m in at.markdown if m.value.startswith("Upload #1"))
    assert "drie\\.csv" in row and "3 tellingen" in row  # the file name as literal text
    at.button(key="entry_undo_upload_1").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Upload #1 is ongedaan gemaakt: 3 tellingen ingetrokken."]
    assert totals(store_dir) == (42, 45), "three retractions as new revisions, nothing deleted"
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine)() as s:
        assert len(store.list_counts(s)) == 39, "the store shows what it showed before the upload"
        assert store.list_uploads(s).iloc[0]["undone_by"] == "Anna"
    engine.dispose()
    assert not [b for b in at.button if b.key == "entry_undo_upload_1"], "an undone upload is not offered again"


def test_an_admin_adds_a_program_and_editors_can_count_it(mirror, store_dir):
    at = open_app(ENTRY, BEHEER)
    at.selectbox(key="entry_admin_program").set_value("__new__").run()
    prefix = "entry_program___new___0"
    at.text_input(key=f"{prefix}_id").input("buurtsportcoach")
    at.text_input(key=f"{prefix}_name_nl").input("Buurtsportcoaches")
    at.text_input(key=f"{prefix}_name_en").input("Neighbourhood sports coaches")
    at.text_input(key=f"{prefix}_unit_label_nl").input("coaches")
    at.text_input(key=f"{prefix}_unit_label_en").input("coaches")
    at.text_input(key=f"{prefix}_unit_label_one_nl").input("coach")
    at.text_input(key=f"{prefix}_unit_label_one_en").input("coach")
    at.selectbox(key=f"{prefix}_kind").set_value("staff")
    at.selectbox(key=f"{prefix}_need").set_value("overgewicht")
    at.selectbox(key=f"{prefix}_age").set_value("18plus")
    button(at, "Programma opslaan").click().run()
    assert not at.exception and not at.error
    assert "Programma buurtsportcoach is opgeslagen (versie 1)." in [s.value for s in at.success]
    assert at.selectbox(key="entry_admin_program").value == "buurtsportcoach"
    assert at.text_input(key="entry_program_buurtsportcoach_1_unit_label_one_nl").value == "coach", "as saved"
    at.text_input(key="entry_program_buurtsportcoach_1_name_en").input("Community sports coaches")
    at.text_input(key="entry_program_buurtsportcoach_1_unit_label_one_en").input("sports coach")
    at.text_input(key="entry_program_buurtsportcoach_1_reason").input("betere naam")
    button(at, "Programma opslaan").click().run()
    assert "Programma buurtsportcoach is opgeslagen (versie 2)." in [s.value for s in at.success]
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine)() as s:
        program = store.list_programs(s).set_index("id").loc["buurtsportcoach"]
        hist = store.program_history(s, "buurtsportcoach")
    engine.dispose()
    assert (program["name_en"], program["count_kind"], program["need_indicator"], program["need_age"]) == (
        "Community sports coaches", "staff", "overgewicht", "18plus")
    assert (program["unit_label_one_nl"], program["unit_label_one_en"]) == ("coach", "sports coach")
    assert hist["unit_label_one_en"].tolist() == ["coach", "sports coach"]
    assert hist[["revision", "changed_by", "reason"]].values.tolist() == [[1, "Beheer", "new program"],
                                                                       [2, "Beheer", "betere naam"]]
    assert "buurtsportcoach" in at.selectbox(key="entry_add_program").options or \
        "Buurtsportcoaches" in at.selectbox(key="entry_add_program").options, "editors can count it at once"


@pytest.mark.parametrize("lang, field, message", [
    ("nl", "unit_label_one_nl", "Het programma is niet opgeslagen. Verbeter eerst:\n\n"
                                "- Eenheid voor één (Nederlands): Vul dit veld in."),
    ("en", "unit_label_one_en", "The programme was not saved. Please correct first:\n\n"
                                "- Unit for one (English): Please fill in this field."),
    ("nl", "unit_label_nl", "Het programma is niet opgeslagen. Verbeter eerst:\n\n"
                            "- Eenheid in het meervoud (Nederlands): Vul dit veld in."),
    ("en", "unit_label_en", "The programme was not saved. Please correct first:\n\n"
                            "- Unit, plural (English): Please fill in this field."),
])
def test_a_program_without_a_unit_is_refused_and_nothing_stored(mirror, store_dir, lang, field, message):
    """The four units (one and many, Dutch and English) are required: an empty one names the field on the form."""
    at = open_app(ENTRY, BEHEER, lang=lang)
    at.selectbox(key="entry_admin_program").set_value("__new__").run()
    prefix = "entry_program___new___0"
    texts = {"id": "buurtsportcoach", "name_nl": "Buurtsportcoaches", "name_en": "Neighbourhood sports coaches",
             "unit_label_nl": "coaches", "unit_label_en": "coaches", "unit_label_one_nl": "coach",
             "unit_label_one_en": "coach"}
    for key, value in {**texts, field: "   "}.items():
        at.text_input(key=f"{prefix}_{key}").input(value)
    button(at, "Programma opslaan" if lang == "nl" else "Save programme").click().run()
    assert not at.exception and not at.success
    assert [unescape(e.value) for e in at.error] == [message]
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine)() as s:
        assert "buurtsportcoach" not in store.program_ids(s)
    engine.dispose()


@pytest.mark.parametrize("lang, one, many", [("nl", "‘1 speeltuin’", "‘2 speeltuinen’"),
                                             ("en", "‘1 playground’", "‘2 playgrounds’")])
def test_the_program_forms_units_say_which_is_for_one_and_which_for_many(mirror, store_dir, lang, one, many):
    """The plural unit's field read 'Unit in words' beside 'Unit for one': an admin could not tell it was the
    plural. Each unit field names its number, and its help gives its example."""
    at = open_app(ENTRY, BEHEER, lang=lang)
    prefix = "entry_program_brugfunctionarissen_"
    at.selectbox(key="entry_admin_program").set_value("brugfunctionarissen").run()
    fields = {f.key.rsplit("_unit_", 1)[1]: f for f in at.text_input
              if f.key.startswith(prefix) and "_unit_label" in f.key}
    assert sorted(fields) == ["label_en", "label_nl", "label_one_en", "label_one_nl"], sorted(fields)
    assert len({f.label for f in fields.values()}) == 4, [f.label for f in fields.values()]
    for key, field in fields.items():
        assert (one in field.help) == ("one" in key), (key, field.help)
        assert many in field.help, (key, field.help)
        assert ("meervoud" in field.label or "plural" in field.label) == ("one" not in key), (key, field.label)


def test_editors_do_not_see_the_program_admin(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    assert not [s for s in at.selectbox if s.key == "entry_admin_program"]


# --- what people type shows as literal text, never as a link or an image (#21.4) ----------------------------------

ATTACK = "Zie [klik](https://elders.invalid) ![](https://elders.invalid/pixel.png) https://elders.invalid/a " \
         "www.elders.invalid iemand@elders.invalid <https://elders.invalid>"
ADDRESS = re.compile(r"https?://|www\.|\w@\w")  # what GitHub-flavoured markdown links even without brackets


def markdown_texts(at) -> list[str]:
    """Every text on the page that Streamlit renders as markdown: markdown, captions, alerts, st.table cells."""
    texts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "success") for e in at.get(kind)]
    for table in at.table:
        frame = table.value.reset_index()
        texts += [str(c) for c in frame.columns] + [v for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return texts


def assert_literal(at, shown: bool = True) -> None:
    """The typed text appears (`shown`), and nowhere as a link, an image or a bare address GFM would link."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    texts = markdown_texts(at)
    assert any("elders" in text for text in texts) or not shown, "the typed text is shown"
    for text in texts:
        tokens = md.parse(text)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
        assert not kinds & {"link_open", "image", "html_inline", "html_block"}, text
        assert not ADDRESS.search(text), f"a bare address in {text!r}"


def test_upload_problems_and_file_names_show_literally(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    bad = rows_to_csv([_row(area=ATTACK), _row(value_low=ATTACK)])
    at.file_uploader(key="entry_upload_0").upload("[tellingen](https://elders.invalid).csv", bad, "text/csv").run()
    assert at.error and at.table, "the problems as a table"
    assert_literal(at)


def test_a_typed_source_shows_literally_on_programmas_and_in_the_history(mirror, store_dir):
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        new = store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": "2024-01-01",
                                  "period_end": "2024-12-31", "value_low": 5, "source": ATTACK,
                                  "note_nl": ATTACK}, "Anna", ATTACK)
        store.correct_count(s, new.id, {"value_low": 6}, "Anna", 1, ATTACK)
    engine.dispose()
    at = open_app(PROGRAMS)
    assert_literal(at)
    at = open_app(ENTRY, ANNA)
    at.selectbox(key="entry_history_count").set_value(new.id).run()
    assert_literal(at, shown=False)  # the history is a table of plain text
    assert any(ATTACK in df.value.to_numpy().ravel() for df in at.dataframe), \
        "the history shows the reason as typed (st.dataframe: plain text)"


@pytest.mark.parametrize("lang, form, upload", [("nl", "invoerformulier", "upload van tellingen.csv"),
                                                ("en", "entry form", "upload of tellingen.csv")])
def test_the_history_gives_the_apps_own_reasons_in_the_pages_language(monkeypatch, lang, form, upload):
    """The store keeps the reasons the app gives itself in English ('entry form'): the Dutch history showed them
    so; a reason an editor typed is shown as typed."""
    from views.invoer_panels import history_table

    hist = pd.DataFrame({"revision": [1, 2, 3], "changed_by": ["Anna"] * 3,
                         "changed_at": [pd.Timestamp("2026-12-01 10:00")] * 3,
                         "reason": ["entry form", "upload: tellingen.csv", "Typfout in de bron"]})
    monkeypatch.setattr("programs.store.revision_changes", lambda h: [{} for _ in range(len(h))])  # reasons only
    reasons = history_table(hist, lang, {}).iloc[:, -1].tolist()
    assert reasons == ["Typfout in de bron", upload, form]  # newest first


@pytest.mark.parametrize("lang, column, field", [("nl", "Wijziging (oud → nieuw)", "Programma"),
                                                 ("en", "Change (old → new)", "Programme")])
def test_the_history_names_the_program_not_its_id(mirror, store_dir, lang, column, field):
    """A count's first revision read 'Programma: – → welzijn_op_recept', the program's id: the history names the
    program in the page's language, as it names the area."""
    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        new = store.add_count(s, {"program": "welzijn_op_recept", "area": "GM0518", "period_start": "2024-01-01",
                                  "period_end": "2024-12-31", "value_low": 5, "source": "Jaarverslag"}, "Anna",
                              "entry form")
        name = store.list_programs(s).set_index("id").loc["welzijn_op_recept", f"name_{lang}"]
    engine.dispose()
    at = open_app(ENTRY, ANNA, lang=lang)
    at.selectbox(key="entry_history_count").set_value(new.id).run()
    change = frame_with(at, column)[column].iloc[-1]
    assert f"{field}: – → {name}" in change.split("; "), change
    assert "welzijn_op_recept" not in change


@pytest.mark.parametrize("gemeente, offered, not_offered", [
    ("GM0503", {"haaglanden"}, {"zuidwest", "laak", "moerwijk_laak", "laak_centrum", "haaglanden_gli"}),
    ("GM0603", {"haaglanden", "haaglanden_gli"}, {"zuidwest", "laak"}),
    ("GM0518", {"zuidwest", "laak", "moerwijk_laak", "laak_centrum", "haaglanden_gli", "haaglanden"}, set()),
])
def test_the_area_picker_offers_the_groups_of_its_gemeente(mirror, store_dir, gemeente, offered, not_offered):
    """Delft's area picker offered Den Haag Zuidwest and Moerwijk en Laak: groups of Den Haag's wijken. It offers the
    groups the gemeente or one of its areas is in."""
    from indicators.areas import groups

    at = app_test({"gemeente": gemeente}, timeout=120)
    sign_in_app(Account("Anna", "editor"))
    at.run()
    at.switch_page(ENTRY)
    at.run()
    assert not at.exception, at.exception
    options = set(at.selectbox(key="entry_add_area").options)
    labels = {gid: group["name"]["nl"] for gid, group in groups().items()}
    shown = {gid for gid, name in labels.items() if any(name in option for option in options)}
    assert offered <= shown and not (not_offered & shown), shown
