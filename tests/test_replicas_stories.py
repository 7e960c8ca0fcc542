"""Saved stories with two replicas behind nginx and one PostgreSQL (issue #17; tests/replicas.py as in
tests/test_replicas.py): a story an editor saves through replica 1 shows on replica 2 and through nginx; an editor
on replica 2 deletes it (after confirming), it is gone on replica 1, and an editor on replica 1 restores it."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from presentation.story import StoryNotFound, load_story
from tests.conftest_pg import postgres_url
from tests.pres_browser import counter, idle, open_builder, pick_story, save_one_slide_story, sign_in_and_present
from tests.replicas import editor_cluster

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PASSWORDS = {"Anna": "wachtwoord van anna", "Bram": "wachtwoord van bram"}
NAME, STORY_ID = "Breed Overleg december", "breed-overleg-december"
MISSING = "niet gevonden"  # pres_story_missing: the default story shows instead


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with editor_cluster(postgres_url(), PASSWORDS, tmp_path_factory.mktemp("replicas-stories")) as running:
        yield running


def _shows_story(page, base: str) -> None:
    """An anonymous look at the story: its one slide, no 'not found'."""
    page.goto(f"{base}/presentatie?story={STORY_ID}")
    counter(page, "1 / 1")
    assert page.locator(f"text={MISSING}").count() == 0


def _story_missing(page, base: str) -> None:
    page.goto(f"{base}/presentatie?story={STORY_ID}")
    page.wait_for_selector(f"text={MISSING}", timeout=90_000)
    counter(page, "1 / 10")


def test_a_story_saved_on_one_replica_is_deleted_on_the_other_and_restored(browser, cluster, artifacts):
    (one, two), nginx, sessions = cluster["replicas"], cluster["nginx"], cluster["sessions"]
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    anna, bram, look = (c.new_page() for c in contexts)

    sign_in_and_present(anna, one.url, "Anna", PASSWORDS["Anna"])  # replica 1
    open_builder(anna)
    save_one_slide_story(anna, NAME)
    assert load_story(STORY_ID, sessions).title["nl"] == NAME

    _shows_story(look, two.url)  # replica 2 shows it
    _shows_story(look, nginx.url)  # and so does nginx
    look.screenshot(path=str(artifacts / "replicas_story_on_replica_2.png"))

    sign_in_and_present(bram, two.url, "Bram", PASSWORDS["Bram"])  # replica 2: delete, after confirming
    open_builder(bram)
    pick_story(bram, NAME)
    counter(bram, "1 / 1")
    bram.locator(".st-key-pres_b_delete button").click()
    bram.locator(".st-key-pres_b_delete_yes button").click()
    counter(bram, "1 / 10")
    with pytest.raises(StoryNotFound):
        load_story(STORY_ID, sessions)
    _story_missing(look, one.url)  # gone on replica 1

    open_builder(anna)
    anna.locator(".st-key-pres_b_reset button").click()  # Anna's page on replica 1 runs again
    anna.wait_for_selector(".st-key-pres_b_restore button", timeout=90_000)  # it lists the deleted story
    idle(anna)
    anna.screenshot(path=str(artifacts / "replicas_story_deleted_on_replica_1.png"), full_page=True)
    anna.locator(".st-key-pres_b_restore button").click()  # the deleted story, restored on replica 1
    counter(anna, "1 / 1")
    _shows_story(look, two.url)
    assert load_story(STORY_ID, sessions).title["nl"] == NAME
    for context in contexts:
        context.close()
