"""Every text exists in nl and en; numbers follow the language's conventions."""
from __future__ import annotations

import re

import pytest
import yaml

from indicators.catalogue import catalogue
from tests.conftest import open_page
from texts.i18n import I18N_DIR, fmt_count_safe, fmt_number, fmt_value, merge_texts, messages, t


def test_both_languages_have_the_same_keys():
    nl, en = messages("nl"), messages("en")
    assert set(nl) == set(en), f"only nl: {sorted(set(nl) - set(en))}; only en: {sorted(set(en) - set(nl))}"
    empty = [k for k, v in [*nl.items(), *en.items()] if not str(v).strip() and not k.startswith("unit_suffix_")]
    assert not empty, empty  # only a unit may have no suffix (counts)


def test_each_file_exists_in_both_languages():
    assert {p.name for p in (I18N_DIR / "nl").glob("*.yaml")} == {p.name for p in (I18N_DIR / "en").glob("*.yaml")}


def test_placeholders_match_between_languages():
    nl, en = messages("nl"), messages("en")
    for key in nl:
        assert set(re.findall(r"{(\w+)}", nl[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_in_the_code_exists():
    root = I18N_DIR.parent.parent
    used: set[str] = set()
    for path in [*root.glob("*.py"), *root.glob("*/*.py")]:
        if path.parts[-2] in ("tests", ".venv", "bench"):
            continue
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in messages("nl"))
    assert not missing, missing


# English texts that name a Dutch term on purpose: the level pickers explain 'wijken'/'buurten', and the boundary
# map's own name is 'Wijk- en Buurtkaart'.
DUTCH_ON_PURPOSE = {"level_wijk": "wijken", "level_buurt": "buurten", "src_boundaries_text": "Wijk- en Buurtkaart"}
DUTCH_AREA_WORD = re.compile(r"\b(gemeenten?|wijk(en)?|buurt(en)?)\b", re.IGNORECASE)


def _words(text: str) -> str:
    """A text without its {placeholders} and `code` (a command's --gemeente is no word of the sentence)."""
    return re.sub(r"`[^`]*`|{\w+}", " ", text)


def test_english_texts_say_municipality_district_and_neighbourhood():
    """The English sidebar said 'Another gemeente' under 'Municipality', /programmas' reach 'per gemeente' and
    'four gemeenten': an English text uses the English word (a placeholder or command keeps its name)."""
    dutch = {}
    for key, text in messages("en").items():
        words = _words(str(text))
        if key in DUTCH_ON_PURPOSE:
            assert DUTCH_ON_PURPOSE[key] in words, key  # still there: else it no longer needs its exception
            words = words.replace(DUTCH_ON_PURPOSE[key], " ")
        if DUTCH_AREA_WORD.search(words):
            dutch[key] = text
    assert not dutch, dutch


DATA_FILES = ("indicators.yaml", "programs.yaml", "areas.yaml")  # catalogue, report's counts and notes, groups
QUOTED = re.compile(r"'[^']*'|‘[^’]*’|\"[^\"]*\"")  # a quote of the report or a Dutch term named as such


def _english_texts(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every `en:` text of a data file, with where it is."""
    if isinstance(node, dict):
        return [found for key, value in node.items()
                for found in ([(path, value)] if key == "en" and isinstance(value, str)
                              else _english_texts(value, f"{path}/{key}"))]
    if isinstance(node, list):
        return [found for i, value in enumerate(node) for found in _english_texts(value, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("name", DATA_FILES)
def test_english_data_texts_say_district_and_neighbourhood(name):
    """The English notes of the report's counts read 'across the buurten of Moerwijk': a data file's English text
    uses the English word too, except where it quotes the report or names the Dutch term ('wijk')."""
    texts = _english_texts(yaml.safe_load((I18N_DIR.parent / name).read_text(encoding="utf-8")))
    assert texts, name
    dutch = [(where, text) for where, text in texts if DUTCH_AREA_WORD.search(_words(QUOTED.sub(" ", text)))]
    assert not dutch, dutch


def test_downloads_are_named_in_the_pages_language():
    """An English page's downloads were named in Dutch (programmas_tellingen.csv, sjabloon_tellingen.xlsx): each
    file name is a text, and the English one shares no Dutch word with its Dutch one (gradient, gli and per excepted)."""
    names = {key: (text, messages("en")[key]) for key, text in messages("nl").items() if key.startswith("file_")}
    assert len(names) >= 10
    for key, (nl, en) in names.items():
        dutch = set(re.findall(r"[a-z]+", re.sub(r"\{\w+\}", "", nl))) - {"gradient", "gli", "per"}
        assert dutch.isdisjoint(re.findall(r"[a-z]+", re.sub(r"\{\w+\}", "", en))), (key, nl, en)
        assert re.fullmatch(r"[a-z0-9_{}]+", en), en  # a file name: no spaces or punctuation


def test_catalogue_units_have_suffixes():
    for ind in catalogue().indicators:
        assert f"unit_suffix_{ind.unit}" in messages("nl"), ind.unit


def test_a_key_in_two_files_is_refused(tmp_path):
    """On a folder of its own: patching the app's folder raced the cache warm-up threads of earlier tests, which
    could cache an empty catalogue for the rest of the run."""
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"same": "x", "one": "1"}))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"same": "y"}))
    with pytest.raises(ValueError, match="b.yaml: text keys also defined in another file: same"):
        merge_texts(tmp_path)
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"two": "2"}))
    assert merge_texts(tmp_path) == {"same": "x", "one": "1", "two": "2"}


def test_number_formats():
    assert fmt_value(75.3, "percent", "nl") == "75,3%"
    assert fmt_value(75.3, "percent", "en") == "75.3%"
    assert fmt_number(21555, "nl", 0) == "21.555"
    assert fmt_number(21555, "en", 0) == "21,555"
    assert fmt_value(-2.25, "pp", "en", signed=True).startswith("−2.")
    assert fmt_value(float("nan"), "percent", "nl") == t("no_data", "nl") == "geen gegevens"


def test_small_counts_below_city_level():
    assert fmt_count_safe(3, "buurt", "nl") == "<5"
    assert fmt_count_safe(0, "wijk", "nl") == "<5"
    assert fmt_count_safe(5, "wijk", "nl") == "5"
    assert fmt_count_safe(3, "gemeente", "nl") == "3"
    assert fmt_count_safe(float("nan"), "buurt", "en") == "no data"


STREAMLIT_PLACEHOLDERS = {"Choose options", "Choose an option", "Choose or add options", "Choose or add an option",
                          "No options to select"}
PICKER_PAGES = {"kaart": {}, "profiel": {}, "vergelijk": {}, "trends": {}, "programmas": {},
                "trends ": {"areas": "", "indicators": ""}}  # nothing chosen: the empty boxes show their text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", list(PICKER_PAGES))
def test_an_empty_picker_speaks_the_pages_language(mirror, page, lang):
    """Streamlit's own placeholder ("Choose options") is English on a Dutch page: every picker says its own."""
    at = open_page(page.strip(), {**PICKER_PAGES[page], "lang": lang})
    assert not at.exception, at.exception
    pickers = [*at.get("multiselect"), *at.get("selectbox")]
    assert pickers, f"{page}: no pickers found"
    for picker in pickers:
        assert picker.proto.placeholder not in STREAMLIT_PLACEHOLDERS, (page, picker.key, picker.proto.placeholder)
    if page.strip() == "trends":
        assert at.multiselect(key="w_trend_areas").proto.placeholder == t("choose_options", lang)


def test_a_label_inside_a_sentence_starts_in_lower_case_unless_it_is_an_abbreviation():
    from texts.i18n import mid_sentence

    assert mid_sentence("Low-income households") == "low-income households"
    assert mid_sentence("Huishoudens met laag inkomen") == "huishoudens met laag inkomen"
    assert mid_sentence("(Matig) hoog risico op angst") == "(matig) hoog risico op angst"
    assert mid_sentence("GLI-deelnemers") == "GLI-deelnemers" and mid_sentence("WOZ-waarde") == "WOZ-waarde"
    assert mid_sentence("") == "" and mid_sentence("65+") == "65+"


def test_the_gradients_title_names_its_social_indicator_in_lower_case(mirror):
    """'Self-rated health good or very good by Low-income households': a capital in the middle of the title."""
    from tests.conftest import chart_figures, open_page

    for lang, by in (("nl", " naar huishoudens met laag inkomen"), ("en", " by low-income households")):
        at = open_page("vergelijk", {"section": "gradient", "lang": lang, "x": "huishoudens_met_laag_inkomen"})
        title = chart_figures(at)[0]["layout"]["title"]["text"]
        assert by in title, title
