"""Sign-in in the app: who is signed in (`current_user`), the sign-in widgets, and `require_role` for pages.

Two ways to sign in, never both:
- OpenID Connect with Streamlit's `st.login` when `[auth]` is configured in the secrets: `st.user.email` is
  mapped to an account (and its role) in the users table; an email without an account signs in as a viewer.
- Otherwise local accounts (programs.users, bcrypt): a name + password form. Failed attempts are rate-limited
  per name in the store (programs.signin: every replica counts the same), and a failure never says whether the
  name or the password was wrong.

Who is signed in comes from the browser's request on EVERY run, never from the Streamlit session: a signed,
expiring cookie (programs.signin, HMAC under the cookie secret, the same on every replica) whose session is open
in the store. So a reload or a typed URL keeps an editor signed in, sign-out (which revokes the session in the
store) ends it on every replica and for every copy of the cookie, and a Streamlit session resumed from another
browser (its id is in upload URLs, so in proxy logs) is not signed in there: that browser's request has no cookie.
The cookie is set by a small script in the page (`document.cookie`), so it cannot be HttpOnly (SECURITY.md).
Without a cookie (a viewer) the database is not touched here.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from programs import auth, signin
from programs.db import write
from programs.users import Account, account_by_email
from ui.cookie import send_cookie
from ui.links import page_link
from ui.safe_text import escape_markdown
from texts.i18n import t

SIGNED_OUT_KEY = "entry_signed_out"
STORE_ERROR_KEY = "entry_store_error"  # the last lookup of the signed-in account failed: say so, not "sign in"
ENTRY_PAGE = "invoer"  # views/invoer.py
SIGNIN_PAGE = "inloggen"  # views/inloggen.py


def _sessions():
    from ui.store import sessions  # the store's engine, opened once per process

    return sessions()


def _auth_secrets() -> Mapping[str, Any] | None:
    """The `[auth]` section of the secrets, or None (no secrets file, no section, or not readable)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets.toml raises, and a broken one must not take the app down
        return None
    return section if isinstance(section, Mapping) and section else None


def oidc_configured() -> bool:
    return _auth_secrets() is not None


def oidc_providers() -> list[str]:
    """Named providers (`[auth.google]`, ...); empty when `[auth]` itself holds the one provider."""
    section = _auth_secrets() or {}
    return [name for name, value in section.items() if isinstance(value, Mapping)]


def cookie_secret() -> str:
    """The key material of the sign-in cookie: Streamlit's cookie secret (STREAMLIT_SERVER_COOKIE_SECRET, the
    same on every replica; without it Streamlit makes a random one per process)."""
    return str(st.config.get_option("server.cookieSecret") or "")


def request_cookie() -> str | None:
    """The sign-in cookie of the request behind this run (the browser's WebSocket request)."""
    return st.context.cookies.get(signin.COOKIE_NAME)


def _oidc_user() -> Account | None:
    if not st.user.get("is_logged_in"):
        return None
    email = str(st.user.get("email") or "")
    with _sessions()() as session:
        found = account_by_email(session, email) if email else None
    return found or Account(str(st.user.get("name") or email or "?"), "viewer", email or None)


def current_user() -> Account | None:
    """The signed-in account as the database has it now; None for a viewer (or when the store is down)."""
    st.session_state.pop(STORE_ERROR_KEY, None)
    try:
        if oidc_configured():
            user = _oidc_user()
        else:
            cookie = request_cookie()
            if not cookie:
                return None
            with _sessions()() as session:
                user = signin.signed_in(session, cookie, cookie_secret())
    except SQLAlchemyError as exc:
        st.session_state[STORE_ERROR_KEY] = type(exc).__name__
        return None
    return user


def current_role() -> str:
    user = current_user()
    return user.role if user else "viewer"


def nav_visibility(role: str, needed: str) -> str:
    """'visible' in the navigation for those who may use the page, else 'hidden' (still reachable by URL)."""
    return "visible" if auth.has_role(role, needed) else "hidden"


def _role_text(role: str, lang: str) -> str:
    return t(f"entry_role_{role}", lang) if role in auth.ROLES else role


def sign_out() -> None:
    """End the session in the store (every replica, every copy of the cookie), then drop the cookie."""
    st.session_state[SIGNED_OUT_KEY] = True
    if oidc_configured():
        st.logout()
        return
    cookie = request_cookie()
    write(_sessions(), lambda session: signin.revoke(session, cookie, cookie_secret()))
    send_cookie(None, 0)
    st.stop()


def _local_form(lang: str, key: str) -> Account | None:
    with st.form(f"entry_signin_{key}"):
        name = st.text_input(t("entry_signin_name", lang), key=f"entry_signin_name_{key}", autocomplete="username",
                             max_chars=100)
        password = st.text_input(t("entry_signin_password", lang), type="password", max_chars=200,
                                 key=f"entry_signin_password_{key}", autocomplete="current-password")
        submitted = st.form_submit_button(t("entry_signin_submit", lang), type="primary")
    if not submitted:
        return None
    try:
        with _sessions()() as session:
            result = signin.authenticate(session, name, password)
            if result.account is not None:
                cookie = signin.open_session(session, result.account, cookie_secret())
                session.commit()
    except SQLAlchemyError as exc:
        st.error(t("entry_store_error", lang, error=type(exc).__name__))
        return None
    if result.account is not None:
        st.session_state.pop(SIGNED_OUT_KEY, None)
        st.success(t("entry_signing_in", lang, name=escape_markdown(result.account.name)))
        send_cookie(cookie, signin.SESSION_SECONDS, to_entry=result.account.can("editor"))
        return result.account
    if result.reason == "rate_limited":
        st.error(t("entry_signin_limited", lang, minutes=max(1, math.ceil(result.retry_after / 60))))
    else:
        st.error(t("entry_signin_invalid", lang))
    return None


def _oidc_buttons(lang: str, key: str) -> None:
    providers = oidc_providers()
    if not providers:
        if st.button(t("entry_signin_oidc_default", lang), key=f"entry_oidc_{key}", type="primary"):
            st.login()
        return
    for provider in providers:
        if st.button(t("entry_signin_oidc", lang, provider=provider.title()), key=f"entry_oidc_{key}_{provider}"):
            st.login(provider)


def sign_in_widget(lang: str, key: str) -> None:
    """OIDC buttons or the local name + password form; after a successful sign-in the page loads again."""
    if oidc_configured():
        _oidc_buttons(lang, key)
        return
    if _local_form(lang, key) is not None:
        st.stop()  # the page loads again with the cookie (and the navigation of the new role)


def require_role(needed: str, lang: str) -> Account:
    """For a page: the signed-in account if it has `needed` (or more); otherwise a clear refusal with a way to
    sign in, and the page stops here. The page's own guard: hiding it from the navigation is not protection."""
    user = current_user()
    if user is not None and user.can(needed):
        return user
    if user is None and st.session_state.get(STORE_ERROR_KEY):
        st.error(t("entry_store_error", lang, error=st.session_state[STORE_ERROR_KEY]))
    elif user is None:
        st.warning(t("entry_refused", lang), icon=":material/lock:")
        sign_in_widget(lang, "refused")
    else:
        st.warning(t("entry_refused_role", lang, name=escape_markdown(user.name)), icon=":material/lock:")
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() ends the run


def account_sidebar(lang: str, user: Account | None) -> None:
    """At the bottom of the sidebar: who is signed in and 'sign out', or a link to sign in."""
    with st.sidebar:
        st.divider()
        if user is None:
            page_link(SIGNIN_PAGE, t("entry_signin_link", lang), icon=":material/login:")
            return
        st.caption(t("entry_signed_in_as", lang, name=escape_markdown(user.name), role=_role_text(user.role, lang)))
        if st.button(t("entry_signout", lang), key="entry_signout", icon=":material/logout:"):
            sign_out()
            st.rerun()


def sign_in_page(lang: str) -> None:
    """/inloggen: the sign-in widget, or who is signed in with links onward."""
    st.title(t("entry_signin_title", lang))
    user = current_user()
    if user is not None:
        st.success(t("entry_signed_in_as", lang, name=escape_markdown(user.name), role=_role_text(user.role, lang)))
        if user.can("editor"):
            page_link(ENTRY_PAGE, t("entry_go_to_entry", lang), icon=":material/edit_note:")
        return
    if st.session_state.pop(SIGNED_OUT_KEY, False):
        st.info(t("entry_signed_out", lang))
    st.caption(t("entry_signin_intro", lang))
    if oidc_configured():
        _oidc_buttons(lang, "page")
        return
    _local_form(lang, "page")  # signed in: the page loads again with the cookie (editors on /invoer)
