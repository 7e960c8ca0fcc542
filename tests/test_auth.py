"""Sign-in without Streamlit: roles, bcrypt hashes, the rate limit, accounts in the store (SQLite and PostgreSQL),
and the `python -m programs.users` command."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy.exc import IntegrityError

from programs import auth, users
from programs.users import UserError, add_user, authenticate, find_user
from tests.conftest import ROOT
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch):
    """bcrypt at cost 4 in tests (a hash says its own cost, so verifying follows it)."""
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


def test_rate_limit_per_name_in_a_sliding_window():
    clock = Clock()
    limiter = auth.RateLimiter(max_failures=5, window=600, clock=clock)
    for _ in range(4):
        limiter.failed("Anna")
        clock.now += 10
    assert not limiter.blocked("anna")
    limiter.failed(" ANNA ")  # the same name
    assert limiter.blocked("Anna") and limiter.retry_after("Anna") == pytest.approx(600 - 40)
    assert not limiter.blocked("Piet"), "other names are not affected"
    clock.now += 561  # the first failure leaves the window
    assert not limiter.blocked("Anna")
    limiter.failed("Anna")
    assert limiter.blocked("Anna")
    limiter.succeeded("Anna")
    assert not limiter.blocked("Anna")


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
    limiter = auth.RateLimiter()
    with sessions() as s:
        assert authenticate(s, "Anna", PASSWORD, limiter).reason == "invalid"
        assert authenticate(s, "Anna", "een ander wachtwoord", limiter).account.role == "admin"
    with sessions.begin() as s:
        users.remove_user(s, "ANNA")
        with pytest.raises(UserError):
            users.remove_user(s, "Anna")
    with sessions() as s:
        assert users.account(s, "Anna") is None


def test_sign_in_never_says_which_was_wrong(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
    limiter = auth.RateLimiter()
    with sessions() as s:
        ok = authenticate(s, "anna", PASSWORD, limiter)
        wrong_password = authenticate(s, "Anna", "wrong password!", limiter)
        wrong_name = authenticate(s, "Annie", PASSWORD, limiter)
    assert ok.account == users.Account("Anna", "editor", None)
    assert (wrong_password.account, wrong_password.reason) == (wrong_name.account, wrong_name.reason) == (None,
                                                                                                          "invalid")


def test_sign_in_is_rate_limited_even_with_the_right_password(sessions):
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", PASSWORD)
    clock = Clock()
    limiter = auth.RateLimiter(clock=clock)
    with sessions() as s:
        for _ in range(5):
            assert authenticate(s, "Anna", "guess", limiter).reason == "invalid"
        limited = authenticate(s, "Anna", PASSWORD, limiter)
        assert (limited.account, limited.reason) == (None, "rate_limited") and limited.retry_after == 600
        for _ in range(6):  # a name without an account is limited the same way: the limit reveals nothing
            result = authenticate(s, "Nobody", "guess", limiter)
        assert result.reason == "rate_limited"
        clock.now += 601
        assert authenticate(s, "Anna", PASSWORD, limiter).account is not None


def test_an_oidc_only_account_has_no_password(sessions):
    with sessions.begin() as s:
        add_user(s, "Beheer", "admin", email="beheer@example.org")
    with sessions() as s:
        assert authenticate(s, "Beheer", "", auth.RateLimiter()).reason == "invalid"


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
        assert authenticate(s, "Anna", "nieuw wachtwoord 1", auth.RateLimiter()).account.role == "admin"
        assert users.list_users(s)["name"].tolist() == ["Anna"]
    engine.dispose()


def test_cli_as_a_module(tmp_path):
    """`python -m programs.users list` on a new store (the password prompt itself is getpass's)."""
    done = subprocess.run([sys.executable, "-m", "programs.users", "--db", f"sqlite:///{tmp_path / 'p.sqlite'}",
                           "list"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "no accounts", done.stderr
