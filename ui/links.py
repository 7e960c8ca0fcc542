"""Links between pages: every indicator label can point to its definition and source on /bronnen."""
from __future__ import annotations

from urllib.parse import urlencode

from texts.i18n import DEFAULT_LANG, LANGUAGES, t

SOURCES_PATH = "/bronnen"  # url_path of views/bronnen.py in app.py


def indicator_anchor(indicator_id: str) -> str:
    """The anchor of an indicator's entry on /bronnen (the heading's id there)."""
    return f"ind-{indicator_id}"


def indicator_url(indicator_id: str, lang: str = DEFAULT_LANG) -> str:
    """`/bronnen?lang=en#ind-overgewicht`: the page in the reader's language, scrolled to the indicator."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    return f"{SOURCES_PATH}?{urlencode({'lang': lang})}#{indicator_anchor(indicator_id)}"


def indicator_link(indicator_id: str, lang: str = DEFAULT_LANG, small: bool = False) -> str:
    """A markdown link to the indicator's definition and source on /bronnen, for `st.markdown`.

    `small=True` wraps it in `:small[...]` (caption-sized). Do not put it in `st.caption`: the caption's opacity
    fades the link to 3:1 contrast, below WCAG AA (axe color-contrast, tests/test_accessibility.py).
    """
    link = f"[{t('src_link_definition', lang)}]({indicator_url(indicator_id, lang)})"
    return f":small[{link}]" if small else link
