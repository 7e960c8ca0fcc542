"""Secrets only in `.streamlit/secrets.toml` or the environment, never in the repository; the server's safety
settings stay on (issue #11).

The scan reads every file git would commit (`git ls-files` plus untracked files that are not ignored) for
passwords, private keys, cookie and client secrets, tokens and database URLs with a password. Placeholders in the
documentation (`"<random>"`, `"..."`, `$(...)`) are fine; so are the made-up passwords of test accounts in tests/.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from programs.upload import MB, max_upload_bytes
from tests.conftest import ROOT

# "<a long random string>", "...", "change-me", "$(openssl rand -hex 32)", "${VAR}": documentation, not secrets
PLACEHOLDER = re.compile(r"""^(?:<.*>|\$.*|\.\.\.|…|x+|\*+|change[-_ ]?me|your[-_ ].*|)$""", re.IGNORECASE)
KEYS = r"(?P<key>password|passwd|pwd|cookie_?secret|client_?secret|secret_?key|api_?key|access_?token|auth_?token)"
ASSIGNMENT = re.compile(KEYS + r"""["']?\s*[:=]\s*(?P<quote>["'])(?P<value>[^"'\n]*)(?P=quote)""", re.IGNORECASE)
# In configuration and environment files a value needs no quotes: KEY=value.
BARE_ASSIGNMENT = re.compile(r"^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_.-]*" + KEYS
                             + r"""[ \t]*[:=][ \t]*(?P<value>[^\n"'#]+)""", re.IGNORECASE | re.MULTILINE)
CONFIG_SUFFIXES = {".env", ".example", ".service", ".ini", ".cfg", ".conf", ".toml", ".yaml", ".yml", ".sh",
                   ".template"}
TEXT_CATALOGUES = "data/i18n/"  # words like "Wachtwoord" for the sign-in form, not secrets
# Reviewed exceptions: (file, key) -> why it is not a secret.
ALLOWED = {
    ("tests/test_entry_page.py", "client_secret"): "a made-up one-letter OIDC secret for AppTest's st.secrets",
}
NOT_SCANNED = {"tests/test_secrets.py": "this scan's own examples of what it must find"}
ALWAYS_BAD = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
}
DB_URL_WITH_PASSWORD = re.compile(r"\b(?:postgres(?:ql)?(?:\+\w+)?|mysql(?:\+\w+)?)://[^:/\s@]+:(?P<pw>[^@\s/]+)@")
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".xlsx", ".pptx", ".ico", ".woff", ".woff2", ".ttf",
                   ".sqlite", ".db", ".zip", ".gz"}


def _git(*args: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if line]


def committable_files() -> list[str]:
    """Tracked files and untracked files that are not ignored: everything a commit could contain."""
    files = set(_git("ls-files")) | set(_git("ls-files", "--others", "--exclude-standard"))
    return sorted(f for f in files if (ROOT / f).is_file() and "node_modules" not in f.split("/"))


def _findings(path: str, text: str) -> list[str]:
    found = []
    for name, pattern in ALWAYS_BAD.items():
        if pattern.search(text):
            found.append(f"{path}: {name}")
    for match in DB_URL_WITH_PASSWORD.finditer(text):
        if not PLACEHOLDER.match(match["pw"]) and match["pw"] not in ("PASSWORD", "password"):
            found.append(f"{path}: a database URL with a password ({match.group()[:40]}…)")
    matches = list(ASSIGNMENT.finditer(text))
    if Path(path).suffix.lower() in CONFIG_SUFFIXES or ".env" in Path(path).name:
        matches += list(BARE_ASSIGNMENT.finditer(text))
    for match in matches:
        if path.startswith(TEXT_CATALOGUES) or (path, match["key"].lower()) in ALLOWED:
            continue
        value = match["value"].strip()
        if PLACEHOLDER.match(value):
            continue
        if path.startswith("tests/") and match["key"].lower() in ("password", "passwd", "pwd"):
            continue  # made-up passwords of test accounts (programs.users in a temporary store)
        found.append(f"{path}: {match['key']} = {value[:4]}…")
    return found


def test_no_secrets_in_the_repository():
    files = committable_files()
    assert "app.py" in files and len(files) > 50
    problems = []
    for path in files:
        if (ROOT / path).suffix.lower() in BINARY_SUFFIXES or path in NOT_SCANNED:
            continue
        try:
            text = (ROOT / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        problems += _findings(path, text)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text,found", [
    ('cookie_secret = "b1946ac92492d2347c6235b4d2611184"', True),
    ('client_secret = "GOCSPX-abcdefghijklmnop"', True),
    ('password: "Hunter2Hunter2"', True),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", True),
    ("DATABASE_URL=postgresql+psycopg://dash:s3cret@db.example.org/wijkdashboard", True),
    ('cookie_secret = "<a long random string>"', False),
    ('client_secret = "..."', False),
    ("DATABASE_URL=postgresql+psycopg://dash@127.0.0.1/wijkdashboard", False),
    ('cookie_secret = "$(openssl rand -hex 32)"', False),
])
def test_the_scan_finds_what_it_should(text, found):
    assert bool(_findings("docs/x.md", text)) is found


@pytest.mark.parametrize("text,found", [
    ("STREAMLIT_SERVER_COOKIE_SECRET=9f86d081884c7d659a2feaa0c55ad015", True),
    ("export DB_PASSWORD=Hunter2Hunter2", True),
    ("STREAMLIT_SERVER_COOKIE_SECRET=<a long random string>", False),
    ("STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$(openssl rand -hex 32)}", False),
])
def test_the_scan_reads_unquoted_values_in_configuration_files(text, found):
    assert bool(_findings("deploy/x.env", text)) is found


def test_secrets_toml_is_ignored_and_not_tracked():
    assert ".streamlit/secrets.toml" not in _git("ls-files")
    done = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False)
    assert done.returncode == 0, ".gitignore must cover .streamlit/secrets.toml"
    done = subprocess.run(["git", "check-ignore", "-q", "deploy/wijkdashboard.env"], cwd=ROOT, check=False)
    assert done.returncode == 0, ".gitignore must cover the deploy environment file with the cookie secret"


def _config() -> dict:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_xsrf_protection_stays_on_and_no_secret_in_the_config():
    server = _config()["server"]
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True, "CORS off: WebSockets from any origin"
    assert "cookieSecret" not in server, "the cookie secret belongs in the environment or secrets.toml"
    assert server.get("headless") is True


def test_uploads_are_limited_in_size_everywhere():
    mb = _config()["server"]["maxUploadSize"]
    assert 1 <= mb <= 10
    assert max_upload_bytes() == mb * MB, "programs.upload refuses what Streamlit would accept, and no more"
    from tests.replicas import render_nginx_conf

    conf = render_nginx_conf([8501, 8502], 8080, ROOT / "test-artifacts")
    body = re.search(r"client_max_body_size\s+(\d+)m;", conf)
    assert body and mb <= int(body[1]) <= mb + 2, "nginx lets an upload of the limit through, not much more"
