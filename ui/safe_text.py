"""Text from outside (a link's query parameters, what editors typed) shown with Streamlit's markdown widgets.

Streamlit's markdown never renders raw HTML without `unsafe_allow_html`, but it does render markdown: a value
such as `[klik hier](https://elders.invalid)` or `![](https://elders.invalid/pixel.png)` would become a link or an
image on the public dashboard, and GitHub-flavoured markdown (which Streamlit uses) links bare addresses too:
`https://elders.invalid`, `www.elders.invalid`, `iemand@elders.invalid`. `escape_markdown` backslash-escapes every
character that can start a markdown construct (CommonMark allows a backslash before any ASCII punctuation), so the
text shows as typed. A backslash does not stop the bare addresses: remark-gfm finds them in the text after the
escapes are resolved (`=HYPERLINK("http://…")` in an upload's problem table was a live link). An invisible word
joiner (U+2060) after `://`, after `www` and after `@` leaves them no address to find.

Other control characters (`%00` in a link) are shown as their code, `\\x00`, `\\u202e`: the browser drew a NUL as
"�", and a bidirectional override (U+202E) would turn the text after it around. Line breaks become spaces.
"""
from __future__ import annotations

import re

import pandas as pd

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'@/%^;?,])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
# C0 and C1 controls, and the marks and overrides that change the direction of the text after them
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ADDRESS_STARTS = re.compile(r"(://|www(?=\.)|@)", re.IGNORECASE)  # where remark-gfm finds an address
WORD_JOINER = "\u2060"
ELLIPSIS = "…"


def one_line(text: object, limit: int | None = None) -> str:
    """`text` on one line, its other control characters as their code (`\\x00`); longer than `limit` characters it
    is cut with '…'."""
    value = _CONTROLS.sub(_code_of, _LINE_BREAKS.sub(" ", str(text)))
    return value[:limit] + ELLIPSIS if limit is not None and len(value) > limit else value


def _code_of(match: re.Match[str]) -> str:
    char = ord(match[0])
    return f"\\x{char:02x}" if char < 0x100 else f"\\u{char:04x}"


def escape_markdown(text: object, limit: int | None = None) -> str:
    """`text` as literal markdown on one line (one_line); longer than `limit` characters it is cut with '…'."""
    value = one_line(text, limit)
    return _SPECIAL.sub(r"\\\1", _ADDRESS_STARTS.sub(rf"\1{WORD_JOINER}", value))


def code_span(text: object, limit: int | None = None) -> str:
    """`text` as an inline code span (one_line): shown literally (no markdown, no HTML) and still readable as
    typed."""
    value = one_line(text, limit)
    if not value:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or (value.startswith(" ") and value.endswith(" ")) else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def literal_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and text headers) are escaped: for `st.table`, which renders markdown in cells
    (st.dataframe does not)."""
    out = frame.map(lambda v: escape_markdown(v) if isinstance(v, str) else v)
    out.columns = [escape_markdown(c) if isinstance(c, str) else c for c in frame.columns]
    return out
