"""Texts in Dutch and English (data/i18n/{nl,en}.yaml) and number formatting with Babel."""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from babel.lists import format_list
from babel.numbers import get_decimal_symbol, get_group_symbol

from yamlfile import read_yaml

LANGUAGES = ("nl", "en")
DEFAULT_LANG = "nl"
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
I18N_DIR = Path(__file__).resolve().parent.parent / "data" / "i18n"
# The unit suffix shown after a number; percentages have their own format.
UNIT_DECIMALS = {"percent": 1, "count": 0, "per_1000": 1, "eur_1000": 1, "per_km2": 0, "ha": 0, "km": 1, "number": 1}


@lru_cache(maxsize=None)
def messages(lang: str) -> dict[str, str]:
    """All texts of a language: every file in data/i18n/<lang>/ (one per page or topic), merged."""
    return merge_texts(I18N_DIR / lang)


def merge_texts(folder: Path) -> dict[str, str]:
    """The texts of every YAML file in `folder`, merged.

    A key defined in two files is an error, so one page's texts can never silently replace another's.
    """
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        texts = read_yaml(path) or {}
        clash = sorted(set(texts) & set(merged))
        if clash:
            raise ValueError(f"{path}: text keys also defined in another file: {', '.join(clash)}")
        merged.update(texts)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled in. A missing key raises KeyError."""
    text = messages(lang if lang in LANGUAGES else DEFAULT_LANG)[key]
    return text.format(**values) if values else text


def counted(key: str, n: int, lang: str = DEFAULT_LANG, **values: object) -> str:
    """`key` with `n`, or `key_one` when n is 1 and that text exists ('1 indicator', not '1 indicators')."""
    one = f"{key}_one"
    return t(one if n == 1 and one in messages(lang) else key, lang, n=n, **values)


def mid_sentence(label: str) -> str:
    """A label inside a sentence: its first letter in lower case ('… by low-income households', '(matig) hoog
    risico'), unless its first word is written in capitals (an abbreviation: 'GLI', 'WOZ-waarde')."""
    first = next((i for i, c in enumerate(label) if c.isalpha()), None)
    if first is None or label[first + 1:first + 2].isupper():
        return label
    return label[:first] + label[first].lower() + label[first + 1:]


def fmt_list(items: Sequence[object], lang: str = DEFAULT_LANG) -> str:
    """'2012, 2016 en 2020' / '2012, 2016, and 2020': items as a sentence names them."""
    return format_list([str(item) for item in items], locale=lang)


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str]:
    locale = LOCALES.get(lang, LOCALES[DEFAULT_LANG])
    return get_decimal_symbol(locale), get_group_symbol(locale)


def fmt_number(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """21555 -> '21.555' (nl) / '21,555' (en); missing -> the 'no data' text, never 0.

    The separators come from Babel's CLDR data; the digits from Python's formatter, which is ~20× faster than
    babel.numbers.format_decimal (hundreds of tooltips per map rerun).
    """
    if is_missing(value):
        return t("no_data", lang)
    decimal, group = _symbols(lang)
    text = f"{round(value, decimals) + 0.0:,.{decimals}f}"  # + 0.0 turns -0.0 into 0.0
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def plotly_separators(lang: str) -> str:
    """A chart's `layout.separators` in `lang` (decimal mark, then thousands): ',.' in Dutch, so an axis reads
    4.500 as the numbers beside it do; plotly's own is English."""
    decimal, group = _symbols(lang)
    return decimal + group


def fmt_value(value: float | None, unit: str, lang: str = DEFAULT_LANG, signed: bool = False,
              decimals: int | None = None) -> str:
    """A value with its unit: '75,3%' (nl), '75.3%' (en), '21.555', '€ 27,1k'-style units via the catalogue.
    `decimals`: an indicator's own (indicators.catalogue.Indicator.decimals), else the unit's."""
    if is_missing(value):
        return t("no_data", lang)
    decimals = UNIT_DECIMALS.get(unit, 1) if decimals is None else decimals
    text = fmt_number(abs(value) if signed else value, lang, decimals)
    if signed:
        rounded = round(value, decimals)
        text = ("+" if rounded > 0 else "−" if rounded < 0 else "±") + text
    suffix = t(f"unit_suffix_{unit}", lang)
    return f"{text}{suffix}"


SMALL_COUNT = 5
MAX_OWN_DECIMALS = 6  # beyond this a float's digits are noise of binary fractions (0.1 + 0.2), not the value's


def own_decimals(value: float) -> int:
    """The decimals a number has, as typed: 12 -> 0, 12.5 -> 1, 11.25 -> 2 (at most MAX_OWN_DECIMALS)."""
    digits = f"{abs(value):.{MAX_OWN_DECIMALS}f}".rstrip("0")
    return len(digits) - digits.index(".") - 1


def fmt_count(value: float | None, lang: str = DEFAULT_LANG) -> str:
    """A count with the decimals it has: '4.638', '11,5' (an average), never rounded to a whole number."""
    return t("no_data", lang) if is_missing(value) else fmt_number(value, lang, own_decimals(value))


def fmt_count_safe(value: float | None, level: str, lang: str = DEFAULT_LANG) -> str:
    """Counts of people below 5 below city level show as '<5' (privacy); city and NL show the number, with the
    decimals it has (`fmt_count`)."""
    if is_missing(value):
        return t("no_data", lang)
    if level not in ("nl", "gemeente") and value < SMALL_COUNT:
        return "<5"
    return fmt_count(value, lang)
