"""Signing in under AppTest, which has no browser: its runs carry no cookie, so nobody is signed in there unless a
test gives the run the cookie a real sign-in would have set. `app_cookie` (an autouse fixture: import it into the
test module) lets `sign_in_app(account)` do that: a session opened in the store the app uses, signed with the
app's cookie secret, exactly as ui.auth makes it. Nothing in the app reads it from anywhere but the request.

    from tests.signin_helpers import app_cookie, sign_in_app  # noqa: F401  (fixture)
"""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import SQLAlchemyError

from programs import signin
from programs.db import make_sessions, open_store
from programs.models import utcnow
from programs.users import Account
from ui import auth as ui_auth

_COOKIES: dict[str, str] = {}


@pytest.fixture(autouse=True)
def app_cookie(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The cookies of AppTest's requests (none unless a test signs in)."""
    _COOKIES.clear()
    monkeypatch.setattr(ui_auth, "request_cookie", lambda: _COOKIES.get(signin.COOKIE_NAME))
    yield _COOKIES
    _COOKIES.clear()


def set_cookie(value: str | None) -> None:
    """What the browser sends from now on (None: no cookie)."""
    if value is None:
        _COOKIES.pop(signin.COOKIE_NAME, None)
    else:
        _COOKIES[signin.COOKIE_NAME] = value


def sign_in_app(account: Account) -> str:
    """The cookie of `account` signed in (a session opened in the app's store), sent from now on. With the store
    unreachable the cookie is still well signed, and the app finds out itself that it cannot check it."""
    try:
        engine = open_store()
        with make_sessions(engine).begin() as session:
            cookie = signin.open_session(session, account, ui_auth.cookie_secret())
        engine.dispose()
    except SQLAlchemyError:
        cookie = signin.cookie_value(secrets.token_urlsafe(24), utcnow() + dt.timedelta(hours=1),
                                     ui_auth.cookie_secret())
    set_cookie(cookie)
    return cookie
