"""Accounts of data entry, in the program store's database (table `users`, migration 0003), and their CLI.

Local accounts sign in with a name and a password (bcrypt hash); accounts with an email are matched to the
OpenID Connect sign-in (`st.login`) when `[auth]` is configured. Viewers need no account.

    python -m programs.users add NAME --role editor|admin [--email E] [--no-password]
    python -m programs.users list
    python -m programs.users remove NAME
    python -m programs.users set-password NAME
    python -m programs.users set-role NAME --role editor|admin

The database is the app's (DATABASE_URL, else SQLite in WIJKDASHBOARD_DB_DIR / the user data dir), or `--db URL`.
Passwords are asked twice with getpass, never taken from the command line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import CheckConstraint, DateTime, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from programs import auth
from programs.models import Base, utcnow

# Registering the model on programs.models.Base: import this module wherever the complete metadata is needed
# (the migration test's model comparison; Alembic autogenerate).


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),
        UniqueConstraint("name_key", name="uq_users_name_key"),
        UniqueConstraint("email", name="uq_users_email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(100), nullable=True)
    role: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserError(ValueError):
    """A refused account change; `code` names why (i18n/CLI text), e.g. `exists`, `not_found`, `too_short`."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Account:
    """A signed-in user as the app keeps it in the session: no hash, nothing mutable."""

    name: str
    role: str
    email: str | None = None

    def can(self, needed: str) -> bool:
        return auth.has_role(self.role, needed)


def _account(user: User) -> Account:
    return Account(user.name, user.role, user.email)


def _clean_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean or len(clean) > 100:
        raise UserError("bad_name", "a name is 1 to 100 characters")
    return clean


def _clean_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    if "@" not in email or len(email) > 320:
        raise UserError("bad_email", f"'{email}' is not an email address")
    return email


def _role(role: str) -> str:
    if role not in auth.ROLES:
        raise UserError("bad_role", f"role must be one of {', '.join(auth.ROLES)}")
    return role


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name_key == auth.normalise_name(name))).one_or_none()


def user_by_email(session: Session, email: str) -> User | None:
    if not email:
        return None
    return session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()


def _existing(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        raise UserError("not_found", f"no user named '{name}'")
    return user


def add_user(session: Session, name: str, role: str, password: str | None = None, email: str | None = None,
             rounds: int | None = None) -> User:
    """A new account. Without a password it can only sign in with OIDC (and then needs an email)."""
    clean, email = _clean_name(name), _clean_email(email)
    if find_user(session, clean) is not None:
        raise UserError("exists", f"a user named '{clean}' already exists")
    if email and user_by_email(session, email) is not None:
        raise UserError("email_exists", f"another user has the email {email}")
    if password is None and not email:
        raise UserError("no_sign_in", "an account needs a password or an email (OIDC)")
    password_hash = None
    if password is not None:
        problem = auth.password_problem(password)
        if problem:
            raise UserError(problem, _PASSWORD_TEXT[problem])
        password_hash = auth.hash_password(password, rounds)
    user = User(name=clean, name_key=auth.normalise_name(clean), password_hash=password_hash, role=_role(role),
                email=email, created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str, rounds: int | None = None) -> User:
    user = _existing(session, name)
    problem = auth.password_problem(password)
    if problem:
        raise UserError(problem, _PASSWORD_TEXT[problem])
    user.password_hash = auth.hash_password(password, rounds)
    session.flush()
    return user


def set_role(session: Session, name: str, role: str) -> User:
    user = _existing(session, name)
    user.role = _role(role)
    session.flush()
    return user


def remove_user(session: Session, name: str) -> None:
    """The account goes; what it entered stays, under its name, in the counts' history."""
    session.delete(_existing(session, name))
    session.flush()


def list_users(session: Session) -> pd.DataFrame:
    """Name, role, email ("" if none), whether a password is set, created_at: never the hash."""
    columns = ["name", "role", "email", "password", "created_at"]
    rows = [{"name": u.name, "role": u.role, "email": u.email or "", "password": u.password_hash is not None,
             "created_at": u.created_at} for u in session.scalars(select(User).order_by(func.lower(User.name)))]
    return pd.DataFrame(rows, columns=columns)


def account(session: Session, name: str) -> Account | None:
    """The account as it is now (role changes and removals count at once)."""
    user = find_user(session, name)
    return _account(user) if user else None


def account_by_email(session: Session, email: str) -> Account | None:
    user = user_by_email(session, email)
    return _account(user) if user else None


_PASSWORD_TEXT = {
    "too_short": f"a password has at least {auth.MIN_PASSWORD_CHARS} characters",
    "too_long": f"a password has at most {auth.MAX_PASSWORD_BYTES} bytes (bcrypt ignores the rest)",
}


# --- command line ------------------------------------------------------------------------------------------

def _ask_password(name: str) -> str:
    first = getpass.getpass(f"Password for {name}: ")
    second = getpass.getpass("Again: ")
    if first != second:
        raise UserError("mismatch", "the two passwords differ")
    problem = auth.password_problem(first)
    if problem:
        raise UserError(problem, _PASSWORD_TEXT[problem])
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m programs.users", description="Accounts of data entry.")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL, else the app's SQLite store)")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add an account (asks for its password twice)")
    add.add_argument("name")
    add.add_argument("--role", choices=auth.ACCOUNT_ROLES, required=True)
    add.add_argument("--email", help="email of the OpenID Connect sign-in, if used")
    add.add_argument("--no-password", action="store_true", help="OIDC only: no local password")
    sub.add_parser("list", help="list the accounts")
    remove = sub.add_parser("remove", help="remove an account (its entries stay in the history)")
    remove.add_argument("name")
    password = sub.add_parser("set-password", help="set a new password (asks twice)")
    password.add_argument("name")
    role = sub.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("--role", choices=auth.ROLES, required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from programs.db import make_sessions, open_store

    args = _parser().parse_args(argv)
    engine = open_store(args.db)
    try:
        with make_sessions(engine).begin() as session:
            if args.command == "add":
                password = None if args.no_password else _ask_password(args.name)
                user = add_user(session, args.name, args.role, password, args.email)
                print(f"added {user.name} ({user.role})")
            elif args.command == "list":
                users = list_users(session)
                if users.empty:
                    print("no accounts")
                for u in users.itertuples():
                    print(f"{u.name}\t{u.role}\t{u.email or '-'}\t{'password' if u.password else 'oidc only'}")
            elif args.command == "remove":
                remove_user(session, args.name)
                print(f"removed {args.name}")
            elif args.command == "set-password":
                _existing(session, args.name)
                set_password(session, args.name, _ask_password(args.name))
                print(f"password of {args.name} changed")
            elif args.command == "set-role":
                set_role(session, args.name, args.role)
                print(f"{args.name} is now {args.role}")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
