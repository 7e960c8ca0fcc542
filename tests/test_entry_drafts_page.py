"""AppTest of the entry form's draft (issue #18): what an editor typed in 'add one count' comes back in a new
session (a reload, a typed URL, another replica: each is a new session with the same cookie) and after a visit to
another page; saving or 'clear' empties it; another account never sees it; a draft is never a count; and when the
store cannot take the draft the form stays usable, with one warning."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import OperationalError

from programs import drafts
from tests.signin_helpers import app_cookie, sign_in_app  # noqa: F401  (fixture)
from tests.test_entry_page import (  # noqa: F401  (fixtures)
    ANNA,
    BEHEER,
    ENTRY,
    PROGRAMS,
    _fast_bcrypt,
    button,
    open_app,
    store_dir,
    totals,
)
from views import invoer_draft

TYPED = {"program": "gli", "area": "WK051836", "period_start": dt.date(2024, 1, 1),
         "period_end": dt.date(2024, 12, 31), "value_low": 150.0, "qualifier": "about",
         "source": "Jaarcijfers Hadoks 2024 (concept)", "note": "nog navragen"}


def fill(at, values=TYPED) -> None:
    """Type `values` into the form, one field (one run) at a time, as an editor would."""
    for name, value in values.items():
        key = invoer_draft.WIDGETS[name]
        if name in ("program", "area", "qualifier"):
            at.selectbox(key=key).set_value(value).run()
        elif name in ("period_start", "period_end"):
            at.date_input(key=key).set_value(value).run()
        elif name in ("value_low", "value_high"):
            at.number_input(key=key).set_value(value).run()
        elif name == "note":
            at.text_area(key=key).input(value).run()
        else:
            at.text_input(key=key).input(value).run()
        assert not at.exception, at.exception


def shown(at) -> dict:
    """The form's values as drawn."""
    keys = invoer_draft.WIDGETS
    return {"program": at.selectbox(key=keys["program"]).value, "area": at.selectbox(key=keys["area"]).value,
            "period_start": at.date_input(key=keys["period_start"]).value,
            "period_end": at.date_input(key=keys["period_end"]).value,
            "value_low": at.number_input(key=keys["value_low"]).value,
            "qualifier": at.selectbox(key=keys["qualifier"]).value,
            "source": at.text_input(key=keys["source"]).value, "note": at.text_area(key=keys["note"]).value}


def empty_form() -> dict:
    values = invoer_draft.defaults(dt.date.today())
    return {name: values[name] for name in TYPED}


def reload(lang: str = "nl"):
    """A new session with the cookie the browser still has (a reload or a typed URL)."""
    return open_app(ENTRY, None, lang=lang)


def restored(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(("Concept hersteld van", "Draft restored from"))]


def test_typed_values_come_back_after_a_reload_and_another_page(mirror, store_dir):
    before = totals(store_dir)
    at = open_app(ENTRY, ANNA)
    assert shown(at) == empty_form() and not restored(at)
    fill(at)
    at.switch_page(PROGRAMS).run()
    at.switch_page(ENTRY).run()
    assert shown(at) == TYPED, "a visit to another page and back"

    again = reload()
    assert not again.exception and shown(again) == TYPED, "a new session with the same cookie"
    (caption,) = restored(again)
    assert caption.startswith(f"Concept hersteld van {dt.datetime.now(dt.UTC):%Y-%m-%d}") and "UTC" in caption
    english = reload("en")
    assert shown(english) == TYPED and restored(english)[0].startswith("Draft restored from")
    assert totals(store_dir) == before, "a draft is not a count and leaves nothing in the history"


def test_saving_clears_the_draft(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    fill(at)
    button(at, "Telling opslaan").click().run()
    assert [s.value for s in at.success] == ["Telling #40 is opgeslagen en staat nu op de pagina Programma's."]
    assert shown(at) == empty_form() and not restored(at)
    again = reload()
    assert shown(again) == empty_form() and not restored(again)


def test_a_refused_save_keeps_the_draft(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    fill(at, {**TYPED, "source": ""})
    button(at, "Telling opslaan").click().run()
    assert at.error and totals(store_dir) == (39, 39)
    assert shown(reload()) == {**TYPED, "source": ""}


def test_clear_empties_the_form_and_the_draft(mirror, store_dir):
    at = open_app(ENTRY, ANNA)
    fill(at)
    button(at, "Leeg maken").click().run()
    assert shown(at) == empty_form()
    assert shown(reload()) == empty_form()


def test_another_account_does_not_see_it(mirror, store_dir):
    fill(open_app(ENTRY, ANNA))
    beheer = open_app(ENTRY, BEHEER)
    assert shown(beheer) == empty_form() and not restored(beheer)
    fill(beheer, {"source": "van Beheer"})
    anna = open_app(ENTRY, ANNA)
    assert shown(anna) == TYPED, "each account its own draft"


def test_without_the_store_the_form_stays_and_warns_once(mirror, store_dir, monkeypatch):
    def down(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(drafts, "save_draft", down)
    at = open_app(ENTRY, ANNA)
    fill(at)
    assert shown(at) == TYPED, "nothing lost from what is on screen"
    assert [w.value for w in at.warning] == [
        "Het concept kon niet in de database worden bewaard. Wat hier staat blijft staan zolang u deze pagina open "
        "houdt, maar komt na herladen niet terug."]
    button(at, "Telling opslaan").click().run()
    assert at.success and not at.warning, "the count itself is saved, and the draft with it is gone"


@pytest.mark.parametrize("stored", [
    {"program": 5, "area": ["WK051836"], "period_start": "31-12-2024", "value_low": "veel", "qualifier": "ongeveer",
     "source": None, "duplicate_ok": "ja", "unknown": 1},
    {},
])
def test_a_bad_stored_draft_gives_empty_fields_not_an_error(stored):
    assert invoer_draft.from_json(stored, dt.date(2025, 6, 1)) == invoer_draft.defaults(dt.date(2025, 6, 1))


def test_json_round_trip():
    values = {**invoer_draft.defaults(dt.date(2025, 6, 1)), **TYPED, "value_high": 160.0, "duplicate_ok": True}
    assert invoer_draft.from_json(invoer_draft.to_json(values), dt.date(2025, 6, 1)) == values



def test_a_date_saving_refuses_stays_on_screen_and_saving_names_it(mirror, store_dir):
    """The pickers take any date of PICKER_RANGE, so a date typed reaches the server: set to what saving accepts,
    a typed 2031-12-31 stayed in the browser (Streamlit refuses a date outside a picker's range, in English) and
    the field's last date was saved. Saving refuses the date, names the field, and keeps the draft."""
    at = open_app(ENTRY, ANNA)
    far = dt.date(dt.date.today().year + 5, 12, 31)
    fill(at, {**TYPED, "period_end": far})
    assert shown(at)["period_end"] == far
    button(at, "Telling opslaan").click().run()
    assert totals(store_dir) == (39, 39)
    (error,) = at.error
    said = error.value.replace("\\", "")  # the message as markdown escapes it
    assert f"Einde periode: De datum {far.isoformat()} ligt buiten de jaren 2000" in said
    assert shown(reload())["period_end"] == far


def test_a_stored_draft_with_a_date_the_pickers_do_not_hold_still_opens(mirror, store_dir):
    """A tampered draft (or one of an older form) with a date outside the pickers' range: Streamlit refuses such a
    value, so the form would not open; that field takes its empty value, the rest of the draft stays."""
    from programs.db import make_sessions, open_store

    engine = open_store(f"sqlite:///{store_dir / 'programs.sqlite'}", seed=False)
    with make_sessions(engine).begin() as session:
        drafts.save_draft(session, ANNA.name, invoer_draft.to_json({**TYPED, "period_end": dt.date(2150, 1, 1)}))
    engine.dispose()
    at = open_app(ENTRY, ANNA)
    assert shown(at) == {**TYPED, "period_end": empty_form()["period_end"]}
    for name in invoer_draft.DATES:
        picker = at.date_input(key=invoer_draft.WIDGETS[name])
        assert (picker.min, picker.max) == tuple(invoer_draft.PICKER_RANGE.values())
