"""Who may save and delete stories on /presentatie, in headless Chromium (issue #17): an anonymous visitor and a
signed-in viewer see no save or delete, and when the message an editor's browser sent for "Yes, delete" is sent
again from their own sessions, nothing is deleted. The editor's delete asks first and can be undone; a custom
title stays on the slide it was typed for."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from presentation.story import Story, StoryNotFound, VerhaalSlide, load_story, save_story
from programs.db import make_sessions, open_store
from programs.users import add_user
from tests.conftest import start_streamlit
from tests.pres_browser import (
    KEEP_SOCKET,
    counter,
    idle,
    open_builder,
    pick_story,
    record_sent,
    replay,
    settle,
    sign_in_and_present,
)

pytestmark = pytest.mark.browser

ACCOUNTS = {"Anna": ("editor", "wachtwoord van anna"), "Kees": ("viewer", "wachtwoord van kees")}
STORY = Story(id="voor-de-raad", title={"nl": "Voor de raad", "en": "For the council"},
              slides=[VerhaalSlide(story="moerwijk_moeders"), VerhaalSlide(story="wijkpreventieaanpak")])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    folder = tmp_path_factory.mktemp("pres-roles-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    sessions = make_sessions(engine)
    with sessions.begin() as s:
        for name, (role, password) in ACCOUNTS.items():
            add_user(s, name, role, password, rounds=4)
    save_story(STORY, sessions, "Anna")
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url, sessions
    proc.terminate()
    proc.wait(timeout=10)
    engine.dispose()


def _no_save_or_delete(page) -> None:
    open_builder(page)
    for key in ("pres_b_save", "pres_b_delete", "pres_b_delete_yes", "pres_b_restore"):
        assert page.locator(f".st-key-{key}").count() == 0, key
    assert page.locator(".st-key-pres_b_present button").is_visible()


def test_only_an_editor_deletes_and_a_replayed_delete_does_nothing_for_others(browser, server, artifacts):
    url, sessions = server
    editor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    sent = record_sent(editor)
    sign_in_and_present(editor, url, "Anna", ACCOUNTS["Anna"][1])
    open_builder(editor)
    pick_story(editor, "Voor de raad")
    counter(editor, "1 / 2")
    editor.locator(".st-key-pres_b_delete button").click()
    editor.wait_for_selector(".st-key-pres_b_delete_yes button", timeout=30_000)
    assert load_story(STORY.id, sessions) == STORY, "the first click only asks"
    editor.screenshot(path=str(artifacts / "presentatie_delete_confirm.png"))
    before = len(sent)
    editor.locator(".st-key-pres_b_delete_yes button").click()
    counter(editor, "1 / 10")  # gone: the default story shows
    yes_message = sent[before:]
    with pytest.raises(StoryNotFound):
        load_story(STORY.id, sessions)
    editor.locator(".st-key-pres_b_undo button").click()  # and back
    counter(editor, "1 / 2")
    assert load_story(STORY.id, sessions) == STORY
    assert yes_message, "the editor's browser sent the click"

    for who in ("anonymous", "Kees"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(KEEP_SOCKET)
        page = context.new_page()
        if who == "anonymous":
            page.goto(f"{url}/presentatie?story={STORY.id}")
            counter(page, "1 / 2")
        else:
            sign_in_and_present(page, url, who, ACCOUNTS[who][1])
            open_builder(page)
            pick_story(page, "Voor de raad")
            counter(page, "1 / 2")
        _no_save_or_delete(page)
        replay(page, yes_message)
        idle(page)
        assert load_story(STORY.id, sessions) == STORY, f"{who}: the replayed delete changed nothing"
        context.close()
    editor.context.close()


def test_a_custom_title_stays_on_its_slide(page, server):
    url, _ = server
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{url}/presentatie")
    counter(page, "1 / 10")
    open_builder(page)
    page.get_by_text("een leeg verhaal").click()
    settle(page)
    page.locator(".st-key-pres_b_reset button").click()
    settle(page)
    page.locator(".st-key-pres_b_title input").fill("Onze eigen kaart")
    page.locator(".st-key-pres_b_title input").press("Enter")
    settle(page)
    page.locator(".st-key-pres_b_add button").click()
    settle(page)
    page.wait_for_selector("text=Dia's in dit verhaal (1)", timeout=60_000)
    assert page.locator(".st-key-pres_b_title input").input_value() == "", "the title field is emptied"
    page.locator(".st-key-pres_b_add button").click()
    settle(page)
    page.locator(".st-key-pres_b_present button").click()
    counter(page, "1 / 2")
    assert page.inner_text("[data-testid='pres-title']") == "Onze eigen kaart"
    page.keyboard.press("ArrowRight")
    counter(page, "2 / 2")
    assert page.inner_text("[data-testid='pres-title']") != "Onze eigen kaart"
