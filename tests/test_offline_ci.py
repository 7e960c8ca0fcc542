"""Without the workspace mirror: CI fails (naming ../shared/data) instead of skipping, and the live server's
fixture fails at once with the app's own data-missing text instead of a browser test's 60 s wait."""
from __future__ import annotations

import pytest

from indicators.sources import ENV_DATA_DIR, ENV_OFFLINE_MIRROR
from tests import conftest
from texts.i18n import t


@pytest.fixture
def no_mirror(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(conftest, "MIRROR", tmp_path / "shared" / "data")  # not there


def test_under_ci_a_test_that_needs_the_mirror_fails_naming_it(no_mirror, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"\.\./shared/data.*CI needs it"):
        conftest.need_mirror()


def test_on_a_developer_machine_it_is_skipped(no_mirror, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/data"):
        conftest.need_mirror()


def test_the_live_server_fixture_reports_the_apps_own_data_missing_text(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_OFFLINE_MIRROR, "1")  # the embedded default is off in the suite (conftest)
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    problem = conftest.app_data_problem()
    assert problem is not None and problem.startswith(t("data_missing_title", "nl") + ":")
    assert "python -m indicators.refresh --gemeente GM0518" in problem


def test_with_the_mirror_the_live_server_has_its_data(mirror):
    assert conftest.app_data_problem() is None
