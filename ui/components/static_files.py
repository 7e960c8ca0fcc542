"""Files the browser fetches once from Streamlit's static route (`server.enableStaticServing`), named by content.

The app's `static/` folder is git-ignored: what lands there is written at run time (the map's geometry, derived
from the data; the chart library, copied from the repo). A content-hashed name lets the browser cache a file for
as long as its URL lives, and a new version gets a new URL.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = PROJECT_ROOT / "static"  # Streamlit serves <app dir>/static at /app/static


def publish(subdir: str, stem: str, suffix: str, data: bytes, static_dir: Path | None = None) -> tuple[str, Path]:
    """Write `data` to `static/<subdir>/<stem>-<hash><suffix>` (atomically) unless it is there already.

    Returns the URL relative to the server root ("app/static/…") and the file's path.
    """
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = (static_dir or STATIC_DIR) / subdir
    path = folder / f"{stem}-{digest}{suffix}"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)  # several servers may write the same file: the last complete one wins
    return f"app/static/{subdir}/{path.name}", path


def static_serving() -> bool:
    """Whether this server serves `static/` (off when .streamlit/config.toml was not read)."""
    import streamlit as st

    return bool(st.get_option("server.enableStaticServing"))
