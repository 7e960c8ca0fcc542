"""Sign-in state in the store, so every replica (and a restart) sees the same (migration 0004):

- **Failed sign-ins** (`signin_failures`): at most `auth.MAX_FAILURES` per name within `auth.WINDOW_SECONDS`.
  An attempt first writes its failure row and commits, then counts the rows of the window; above the limit it
  takes its row back and is refused without checking the password. Two replicas racing for the last try can
  both be refused (they both see the other's row), never both checked: the limit holds, failing closed.
- **Signed-in browsers** (`signin_sessions`): a sign-in opens a session with a random id and an expiry; the
  browser keeps `id.expiry.signature` in a cookie, signed with HMAC-SHA256 under a key derived from the cookie
  secret (the same on every replica). A request counts as signed in only when the signature, the expiry and the
  store agree: sign-out revokes the id in the store, so a copy of the cookie replayed later, on any replica, is
  refused.

No Streamlit here: `ui.auth` reads and writes the cookie.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from programs import auth
from programs.models import SigninFailure, SigninSession, utcnow
from programs.users import Account, find_user

COOKIE_NAME = "wijkdashboard_signin"
SESSION_SECONDS = 8 * 3600  # a working day: then sign in again
_KEY_LABEL = b"wijkdashboard sign-in cookie v1"  # the cookie secret is also Streamlit's own: derive our own key


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: an account, or why not (`invalid` for any wrong name or password,
    `rate_limited` with the seconds to wait). Never says which of name and password was wrong."""

    account: Account | None
    reason: str | None = None
    retry_after: float = 0.0


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive UTC timestamps, PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=auth.WINDOW_SECONDS)


def _failures(session: Session, key: str, now: dt.datetime) -> list[dt.datetime]:
    """The times of the name's failures within the window, oldest first."""
    rows = session.scalars(select(SigninFailure.failed_at).where(SigninFailure.name_key == key,
                                                                 SigninFailure.failed_at > _window_start(now))
                           .order_by(SigninFailure.failed_at))
    return [_aware(t) for t in rows]


def retry_after(session: Session, name: str, now: dt.datetime | None = None) -> float:
    """Seconds until this name may try again; 0 when it may try now."""
    now = now or utcnow()
    times = _failures(session, auth.normalise_name(name), now)
    if len(times) < auth.MAX_FAILURES:
        return 0.0
    free_at = times[-auth.MAX_FAILURES] + dt.timedelta(seconds=auth.WINDOW_SECONDS)
    return max(0.0, (free_at - now).total_seconds())


def authenticate(session: Session, name: str, password: str, now: dt.datetime | None = None) -> SignIn:
    """Check a name and password against the accounts and the store's rate limit. Every failure counts against
    the name, known or not; while a name is limited its password is not even checked (a correct one is refused
    too). Commits `session` (twice): open it with `sessions()`, not `sessions.begin()`."""
    now = now or utcnow()
    key = auth.normalise_name(name)
    session.execute(delete(SigninFailure).where(SigninFailure.name_key == key,  # no longer counted
                                                SigninFailure.failed_at <= _window_start(now)))
    attempt = SigninFailure(name_key=key, failed_at=now)
    session.add(attempt)
    session.commit()  # visible to every replica before the password is checked
    if len(_failures(session, key, now)) > auth.MAX_FAILURES:
        session.delete(attempt)
        session.commit()
        return SignIn(None, "rate_limited", retry_after(session, name, now))
    user = find_user(session, name) if key else None
    if auth.verify_password(password, user.password_hash if user else None) and user is not None:
        session.execute(delete(SigninFailure).where(SigninFailure.name_key == key))
        session.commit()
        return SignIn(Account(user.name, user.role, user.email))
    return SignIn(None, "invalid", retry_after(session, name, now))


# --- signed-in browsers ----------------------------------------------------------------------------------------

def _signature(payload: str, secret: str) -> str:
    key = hmac.new(secret.encode("utf-8"), _KEY_LABEL, hashlib.sha256).digest()
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def cookie_value(session_id: str, expires: dt.datetime, secret: str) -> str:
    payload = f"{session_id}.{int(expires.timestamp())}"
    return f"{payload}.{_signature(payload, secret)}"


def session_id_of(cookie: str | None, secret: str, now: dt.datetime | None = None) -> str | None:
    """The session id in a cookie whose signature is right and which has not expired; else None."""
    parts = (cookie or "").split(".")
    if len(parts) != 3 or not parts[1].isdigit() or not secret:
        return None
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_signature(payload, secret), parts[2]):
        return None
    if int(parts[1]) <= (now or utcnow()).timestamp():
        return None
    return parts[0]


def open_session(session: Session, account: Account, secret: str, now: dt.datetime | None = None) -> str:
    """A new signed-in session for `account`; returns the cookie value for the browser."""
    now = now or utcnow()
    session.execute(delete(SigninSession).where(SigninSession.expires_at <= now))  # refused by their cookie anyway
    expires = now + dt.timedelta(seconds=SESSION_SECONDS)
    row = SigninSession(id=secrets.token_urlsafe(24), name_key=auth.normalise_name(account.name), created_at=now,
                        expires_at=expires)
    session.add(row)
    session.flush()
    return cookie_value(row.id, expires, secret)


def signed_in(session: Session, cookie: str | None, secret: str, now: dt.datetime | None = None) -> Account | None:
    """The account of a cookie: signed by us, not expired, its session open in the store (not signed out), and
    the account still there (a removed account or a changed role counts at once)."""
    now = now or utcnow()
    session_id = session_id_of(cookie, secret, now)
    if session_id is None:
        return None
    row = session.get(SigninSession, session_id)
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= now:
        return None
    user = find_user(session, row.name_key)
    return Account(user.name, user.role, user.email) if user else None


def revoke(session: Session, cookie: str | None, secret: str, now: dt.datetime | None = None) -> bool:
    """Sign-out: the cookie's session ends in the store, for every replica. True when there was one to end."""
    session_id = session_id_of(cookie, secret, now)
    row = session.get(SigninSession, session_id) if session_id else None
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    session.flush()
    return True

