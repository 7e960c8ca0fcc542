"""Who may do what, without Streamlit or a database: roles, password hashing and the sign-in limits.

- Roles, from least to most: `viewer` (everyone, no sign-in), `editor` (adds and corrects counts), `admin`
  (also manages programs and users, exports the whole store). `has_role(role, needed)` compares them.
- Passwords are hashed with bcrypt (salted, cost `BCRYPT_ROUNDS`). bcrypt reads at most 72 bytes, so a longer
  password is refused when it is set (`password_problem`) rather than silently cut.
- `verify_password` never raises: a missing or malformed hash is simply "no".
- The rate limit: at most `MAX_FAILURES` failed sign-ins per name within `WINDOW_SECONDS`, counted per name as
  typed (normalised), whether or not that name exists, so the limit itself reveals nothing about the accounts.
  The failures are kept in the store (programs.signin), so every replica and a restart count the same.
"""
from __future__ import annotations

from functools import lru_cache

import bcrypt

ROLES = ("viewer", "editor", "admin")
ACCOUNT_ROLES = ("editor", "admin")  # roles an account can have (viewers need no account)
BCRYPT_ROUNDS = 12
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_BYTES = 72  # bcrypt ignores what follows
MAX_FAILURES = 5
WINDOW_SECONDS = 600


def has_role(role: str | None, needed: str) -> bool:
    """True when `role` is `needed` or above it (admin > editor > viewer); unknown roles have no rights."""
    if role not in ROLES or needed not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def normalise_name(name: str) -> str:
    """Names compare without surrounding spaces and case: 'Anna ' and 'anna' are one account."""
    return " ".join((name or "").split()).casefold()


def password_problem(password: str) -> str | None:
    """None when the password may be set; else a code: `too_short`, `too_long`."""
    if len(password or "") < MIN_PASSWORD_CHARS:
        return "too_short"
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return "too_long"
    return None


def hash_password(password: str, rounds: int | None = None) -> str:
    """A bcrypt hash (with its own salt) as text. Refuses passwords `password_problem` refuses."""
    problem = password_problem(password)
    if problem:
        raise ValueError(f"password refused: {problem}")
    salt = bcrypt.gensalt(rounds or BCRYPT_ROUNDS)
    return bcrypt.hashpw(password.encode("utf-8"), salt).decode("ascii")


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> bytes:
    return bcrypt.hashpw(b"no such account", bcrypt.gensalt(rounds))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Does `password` match? Without a hash (unknown name, OIDC-only account) a dummy hash is checked anyway,
    so a wrong name takes as long as a wrong password."""
    candidate = (password or "").encode("utf-8")
    if not password_hash or len(candidate) > MAX_PASSWORD_BYTES:  # no set password is that long
        bcrypt.checkpw(candidate[:MAX_PASSWORD_BYTES], _dummy_hash(BCRYPT_ROUNDS))
        return False
    try:
        return bcrypt.checkpw(candidate, password_hash.encode("ascii"))
    except (ValueError, TypeError):
        return False
