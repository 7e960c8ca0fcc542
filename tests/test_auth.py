"""Sign-in without Streamlit: roles, bcrypt hashes, the rate limit and signed-in sessions in the store (SQLite and
PostgreSQL, programs.signin), accounts, and the `python -m programs.users` command."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy.exc import IntegrityError

from programs import auth, signin, users
from programs.models import SigninFailure
from programs.signin import authenticate
from programs.users import UserError, add_user, find_user
from tests.conftest import ROOT
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch):
    """bcrypt at cost 4 in tests (a hash says its own cost, so verifying follows it)."""
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
SECRET = "a cookie secret of the replicas"


# --- roles and passwords -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,needed,ok", [
    ("viewer", "viewer", True), ("viewer", "editor", False), ("viewer", "admin", False),
    ("editor", "viewer", True), ("editor", "editor", True), ("editor", "admin", False),
    ("admin", "editor", True), ("admin", "admin", True),
    (None, "viewer", False), ("root", "viewer", False), ("admin", "superuser", False),
])
def test_roles(role, needed, ok):
    assert auth.has_role(role, needed) is ok


def test_hash_and_verify():
    hashed = auth.hash_password(PASSWORD)
    assert hashed.startswith("$2b$04$") and PASSWORD not in hashed
    assert hashed != auth.hash_password(PASSWORD), "salted"
    assert auth.verify_password(PASSWORD, hashed)
    assert not auth.verify_password(PASSWORD + "!", hashed)
    assert not auth.verify_password("", hashed)
    assert not auth.verify_password(PASSWORD, None)
    assert not auth.verify_password(PASSWORD, "not a bcrypt hash")
    assert not auth.verify_password("x" * 100, hashed)  # bcrypt 5 raises on > 72 bytes; we just say no


@pytest.mark.parametrize("password,problem", [("kort", "too_short"), ("é" * 40, "too_long"), (PASSWORD, None)])
def test_password_policy(password, problem):
    assert auth.password_problem(password) == problem
    if problem:
        with pytest.raises(ValueError):
            auth.hash_password(password)


def test_rate_limit_per_name_in_a_sliding_window(sessions):
    """Counted in the store: five failures of a name within ten minutes lock it, whoever counts them."""
    with sessions() as s:
        for i in range(4):
            assert authenticate(s, "Anna", "guess", T0 + dt.timedelta(seconds=10 * i)).reason == "invalid"
        assert signin.retry_after(s, "anna", T0 + dt.timedelta(seconds=40)) == 0
        assert authenticate(s, " ANNA ", "guess", T0 + dt.timedelta(seconds=40)).reason == "invalid"  # same name
        assert signin.retry_after(s, "Anna", T0 + dt.timedelta(seconds=40)) == pytest.approx(600 - 40)
        assert signin.retry_after(s, "Piet", T0 + dt.timedelta(seconds=40)) == 0, "other names are not affected"
        later = T0 + dt.timedelta(seconds=601)  # the first failure leaves the window
        assert signin.retry_after(s, "Anna", later) == 0
        assert authenticate(s, "Anna", "guess", later).reason == "invalid"
        assert signin.retry_after(s, "Anna", later) > 0


def test_the_limit_is_in_the_store_not_in_the_process(sessions):
    """What a restart or another replica sees: a new session (a new connection) counts the same failures."""
    with sessions() as s:
        for _ in range(5):
            authenticate(s, "Anna", "guess", T0)
    with sessions() as other:  # another process would open exactly this
        assert other.query(SigninFailure).count() == 5
        assert authenticate(other, "Anna", "guess", T0 + dt.timedelta(seconds=1)).reason == "rate_limited"
        assert other.query(SigninFailure).count() == 5, "a refused attempt does not extend the lock"


def test_attempts_at_the_same_moment_never_get_more_than_five_checks(sessions):
    """Twelve attempts racing (as from several replicas): at most five passwords are checked, the rest refused."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(_: int) -> str | None:
        with sessions() as s:
            return authenticate(s, "Anna", "guess", T0).reason

    with ThreadPoolExecutor(12) as pool:
        reasons = list(pool.map(attempt, range(12)))
    assert reasons.count("invalid") <= 5 and reasons.count("invalid") + reasons.count("rate_limited") == 12
    with sessions() as s:
        assert authenticate(s, "Anna", PASSWORD, T0).reason == "rate_limited" or reasons.count("invalid") < 5


# --- accounts in the store -------------------------------------------------------------------------------------

def test_add_find_and_list(sessions):
    with sessions.begin() as s:
        add_user(s, "  Anna   de Vries ", "editor", PASSWORD)
        add_user(s, "Beheer", "admin", email="Beheer@Example.org")
    with sessions() as s:
        assert find_user(s, "anna de vries").name == "Anna de Vries"
        assert users.account_by_email(s, "beheer@example.org") == users.Account("Beheer", "admin", "beheer@example.org")
        listed = users.list_users(s)
    assert listed.to_dict("records")[0] | {"created_at": None} == {
        "name": "Anna de Vries", "role": "editor", "email": "", "password": True, "created_at": None}
    assert "password_hash" not in listed.columns
    assert listed["password"].tolist() == [True, False]


@pytest.mark.parametrize("kwargs,code", [
    ({"name": "ANNA", "role": "editor", "password": PASSWORD}, "exists"),
    ({"name": "Bob", "role": "editor", "password": "kort"}, "too_short"),
    ({"name": "Bob", "role": "god", "password": PASSWORD}, "bad_role"),
    ({"name": "Bob", "role": "editor"}, "no_sign_in"),
    ({"name": " ", "role": "editor", "password": PASSWORD}, "bad_name"),
    ({"name": "Bob", "role": "editor", "email": "anna@example.org"}, "email_exists"),
    ({"name": "Bob", "role": "editor", "email": "geen-adres"}, "bad_email"),
])
def test_refused_accounts(sessions, kwargs, code):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD, email="anna@example.org")
    with pytest.raises(UserError) as info, sessions.begin() as s:
        add_user(s, **kwargs)
    assert info.value.code == code


def test_the_database_refuses_a_second_account_of_the_same_name(sessions):
    """Two sign-ups racing past the check still meet the unique constraint."""
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
    with pytest.raises(IntegrityError), sessions.begin() as s:
        s.add(users.User(name="anna", name_key="anna", role="editor", password_hash="x"))


def test_set_password_role_and_remove(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
        users.set_password(s, "anna", "een ander wachtwoord")
        users.set_role(s, "Anna", "admin")
    with sessions() as s:
        assert authenticate(s, "Anna", PASSWORD).reason == "invalid"
        assert authenticate(s, "Anna", "een ander wachtwoord").account.role == "admin"
    with sessions.begin() as s:
        users.remove_user(s, "ANNA")
        with pytest.raises(UserError):
            users.remove_user(s, "Anna")
    with sessions() as s:
        assert users.account(s, "Anna") is None


def test_sign_in_never_says_which_was_wrong(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
    with sessions() as s:
        ok = authenticate(s, "anna", PASSWORD)
        wrong_password = authenticate(s, "Anna", "wrong password!")
        wrong_name = authenticate(s, "Annie", PASSWORD)
    assert ok.account == users.Account("Anna", "editor", None)
    assert (wrong_password.account, wrong_password.reason) == (wrong_name.account, wrong_name.reason) == (None,
                                                                                                          "invalid")


def test_sign_in_is_rate_limited_even_with_the_right_password(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
    with sessions() as s:
        for _ in range(5):
            assert authenticate(s, "Anna", "guess", T0).reason == "invalid"
        limited = authenticate(s, "Anna", PASSWORD, T0)
        assert (limited.account, limited.reason) == (None, "rate_limited") and limited.retry_after == 600
        for _ in range(6):  # a name without an account is limited the same way: the limit reveals nothing
            result = authenticate(s, "Nobody", "guess", T0)
        assert result.reason == "rate_limited"
        assert authenticate(s, "Anna", PASSWORD, T0 + dt.timedelta(seconds=601)).account is not None
        assert s.query(SigninFailure).filter_by(name_key="anna").count() == 0, "a success clears the name's failures"


def test_an_oidc_only_account_has_no_password(sessions):
    with sessions.begin() as s:
        add_user(s, "Beheer", "admin", email="beheer@example.org")
    with sessions() as s:
        assert authenticate(s, "Beheer", "").reason == "invalid"


# --- signed-in sessions: a signed cookie and its half in the store --------------------------------------------

def test_a_signed_in_cookie_names_the_account_until_sign_out(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
        cookie = signin.open_session(s, users.Account("Anna", "editor"), SECRET, T0)
    with sessions() as s:
        assert signin.signed_in(s, cookie, SECRET, T0) == users.Account("Anna", "editor", None)
    with sessions.begin() as s:  # sign-out on any replica: the store ends the session
        assert signin.revoke(s, cookie, SECRET, T0)
    with sessions() as s:
        assert signin.signed_in(s, cookie, SECRET, T0) is None, "a replayed cookie is refused after sign-out"


def test_a_cookie_is_refused_when_forged_expired_or_its_account_is_gone(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
        cookie = signin.open_session(s, users.Account("Anna", "editor"), SECRET, T0)
    session_id, expires, signature = cookie.split(".")
    with sessions() as s:
        assert signin.signed_in(s, cookie, "another secret", T0) is None, "signed with another secret"
        assert signin.signed_in(s, f"{session_id}.{int(expires) + 3600}.{signature}", SECRET, T0) is None
        assert signin.signed_in(s, f"x{session_id}.{expires}.{signature}", SECRET, T0) is None
        assert signin.signed_in(s, "", SECRET, T0) is None and signin.signed_in(s, None, SECRET, T0) is None
        after = T0 + dt.timedelta(seconds=signin.SESSION_SECONDS)
        assert signin.signed_in(s, cookie, SECRET, after) is None, "expired"
    with sessions.begin() as s:
        users.remove_user(s, "Anna")
    with sessions() as s:
        assert signin.signed_in(s, cookie, SECRET, T0) is None, "a removed account is signed out at once"


# --- the command line ------------------------------------------------------------------------------------------

def test_cli(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'programs.sqlite'}"
    answers = iter([PASSWORD, PASSWORD, "nieuw wachtwoord 1", "nieuw wachtwoord 1", "a" * 12, "b" * 12])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert users.main(["--db", url, "add", "Anna", "--role", "editor"]) == 0
    assert users.main(["--db", url, "add", "Beheer", "--role", "admin", "--email", "b@example.org",
                       "--no-password"]) == 0
    assert users.main(["--db", url, "list"]) == 0
    out = capsys.readouterr().out
    assert "Anna\teditor\t-\tpassword" in out and "Beheer\tadmin\tb@example.org\toidc only" in out
    assert users.main(["--db", url, "set-password", "anna"]) == 0
    assert users.main(["--db", url, "set-password", "anna"]) == 1  # the two differ
    assert "differ" in capsys.readouterr().err
    assert users.main(["--db", url, "set-role", "Anna", "--role", "admin"]) == 0
    assert users.main(["--db", url, "remove", "Beheer"]) == 0
    assert users.main(["--db", url, "remove", "Beheer"]) == 1
    from programs.db import make_sessions, open_store

    engine = open_store(url)
    with make_sessions(engine)() as s:
        assert authenticate(s, "Anna", "nieuw wachtwoord 1").account.role == "admin"
        assert users.list_users(s)["name"].tolist() == ["Anna"]
    engine.dispose()


def test_cli_as_a_module(tmp_path):
    """`python -m programs.users list` on a new store (the password prompt itself is getpass's)."""
    done = subprocess.run([sys.executable, "-m", "programs.users", "--db", f"sqlite:///{tmp_path / 'p.sqlite'}",
                           "list"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "no accounts", done.stderr


def test_expired_sessions_are_cleared_when_a_new_one_opens(sessions):
    from programs.models import SigninSession

    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
        signin.open_session(s, users.Account("Anna", "editor"), SECRET, T0)
    with sessions.begin() as s:
        signin.open_session(s, users.Account("Anna", "editor"), SECRET,
                            T0 + dt.timedelta(seconds=signin.SESSION_SECONDS + 1))
    with sessions() as s:
        assert s.query(SigninSession).count() == 1, "the expired one is gone, the new one stays"
