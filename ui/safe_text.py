"""Text from outside (a link's query parameters, what editors typed) shown with Streamlit's markdown widgets.

Streamlit's markdown never renders raw HTML without `unsafe_allow_html`, but it does render markdown: a value
such as `[klik hier](https://elders.invalid)` or `![](https://elders.invalid/pixel.png)` would become a link or an
image on the public dashboard, and GitHub-flavoured markdown (which Streamlit uses) links bare addresses too:
`https://elders.invalid`, `www.elders.invalid`, `iemand@elders.invalid`. `escape_markdown` backslash-escapes every
character that can start a markdown construct (CommonMark allows a backslash before any ASCII punctuation), so the
text shows as typed. A backslash does not stop the bare addresses: remark-gfm finds them in the text after the
escapes are resolved (`=HYPERLINK("http://…")` in an upload's problem table was a live link). An invisible word
joiner (U+2060) after `://`, after `www` and after `@` leaves them no address to find.
"""
from __future__ import annotations

import re

import pandas as pd

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'@/%^;?,])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
_ADDRESS_STARTS = re.compile(r"(://|www(?=\.)|@)", re.IGNORECASE)  # where remark-gfm finds an address
WORD_JOINER = "\u2060"
ELLIPSIS = "…"


def escape_markdown(text: object, limit: int | None = None) -> str:
    """`text` as literal markdown on one line; longer than `limit` characters it is cut with '…'."""
    value = _LINE_BREAKS.sub(" ", str(text))
    if limit is not None and len(value) > limit:
        value = value[:limit] + ELLIPSIS
    return _SPECIAL.sub(r"\\\1", _ADDRESS_STARTS.sub(rf"\1{WORD_JOINER}", value))


def code_span(text: object, limit: int | None = None) -> str:
    """`text` as an inline code span: shown literally (no markdown, no HTML) and still readable as typed."""
    value = _LINE_BREAKS.sub(" ", str(text))
    if limit is not None and len(value) > limit:
        value = value[:limit] + ELLIPSIS
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
