"""The pieces of the Sources page (/bronnen): source tables, methods, missing values, freshness, indicators.

The frame and text builders are pure (tested without a server); the `*_section` functions draw them.
Every indicator gets a heading with the anchor `ui.links.indicator_anchor(id)`, the target of `indicator_link`.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import NamedTuple

import pandas as pd
import streamlit as st
from babel.dates import format_datetime, get_timezone
from markdown_it import MarkdownIt

from charts.html_table import Link, table_html
from indicators.catalogue import Catalogue, Indicator
from indicators.describe import other_division_text, value_text
from indicators.divisions import divisions_of, years_divided_otherwise
from indicators.freshness import DATASET_TABLES, FileFreshness, newest, table_years
from programs.seed import REPORT_CITED, REPORT_TITLE, REPORT_YEAR
from texts.i18n import LOCALES, t
from ui.links import indicator_anchor
from ui.page_scripts import DEFINITIONS_CLASS
from ui.safe_text import escape_markdown
from ui.widgets import table_when_opened, table_with_download

TIMEZONE = "Europe/Amsterdam"
RIVM_CATALOG = "RIVM"
AGE_SHORT = {"18plus": "18+", "65plus": "65+", "all": ""}
# Section anchors (in-page links from the contents list and from each RIVM indicator).
SECTIONS = ("src-tables", "src-model", "src-missing", "src-fresh", "src-indicators")
EXAMPLES = 4  # areas named as examples of withheld figures
INDICATORS_TABLE_KEY = "w_src_indicators_table"  # the expander of the catalogue as a table (a grid: drawn when opened)


def _link_open(renderer, tokens, i, options, env) -> str:
    """A link out of the app opens in a new tab, as in Streamlit's markdown; a link to an anchor on the page stays."""
    if not tokens[i].attrGet("href").startswith("#"):
        tokens[i].attrSet("target", "_blank")
        tokens[i].attrSet("rel", "noopener noreferrer")
    return renderer.renderToken(tokens, i, options, env)


MARKDOWN = MarkdownIt("commonmark", {"html": False})  # HTML in a text shows as text, as in st.markdown
MARKDOWN.add_render_rule("link_open", _link_open)


def fmt_moment(moment: datetime | None, lang: str) -> str:
    """A date and time in Dutch or British style, in Amsterdam time; 'unknown' when missing."""
    if moment is None:
        return t("src_unknown", lang)
    return format_datetime(moment, "d MMM y, HH:mm", tzinfo=get_timezone(TIMEZONE), locale=LOCALES.get(lang, "nl_NL"))


def tables_frame(cat: Catalogue, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("src_col_table", lang): [tb.id for tb in cat.tables],
        t("src_col_title", lang): [tb.title.get(lang) for tb in cat.tables],
        t("src_col_publisher", lang): [tb.publisher for tb in cat.tables],
        t("src_col_licence", lang): [tb.licence for tb in cat.tables],
        t("src_col_attribution", lang): [tb.attribution.get(lang) for tb in cat.tables],
        t("src_col_url", lang): [tb.url for tb in cat.tables],
    })


def source_years(ind: Indicator) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """Per (table, column) in catalogue order, the (year, age) pairs: the RIVM 18+ and 65+ rows share a column."""
    out: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for src in ind.sources:
        pairs = out.setdefault((src.table, src.column), [])
        pairs += [(year, age) for year in src.years for age in src.ages]
    return [(table, column, sorted(set(pairs))) for (table, column), pairs in out.items()]


def years_text(pairs: Sequence[tuple[int, str]], lang: str) -> str:
    """[(2012, 18plus), (2016, 18plus), (2020, 18plus), (2020, 65plus)] -> 'years 2012, 2016, 2020 (18+); 2020 (65+)'."""
    if not pairs:
        return t("src_ind_no_years", lang)
    by_age: dict[str, list[int]] = {}
    for year, age in pairs:
        by_age.setdefault(age, []).append(year)
    parts = []
    for age in sorted(by_age, key=lambda a: list(AGE_SHORT).index(a) if a in AGE_SHORT else 99):
        years = ", ".join(str(y) for y in sorted(by_age[age]))
        short = AGE_SHORT.get(age, age)
        parts.append(f"{years} ({short})" if short else years)
    return t("src_ind_years", lang, years="; ".join(parts))


def indicators_frame(cat: Catalogue, lang: str) -> pd.DataFrame:
    """The whole catalogue as one readable table (researchers download it)."""
    rows = []
    for ind in cat.indicators:
        rows.append({
            t("src_col_id", lang): ind.id,
            t("src_col_label", lang): ind.label.get(lang),
            t("src_col_group", lang): cat.group(ind.group).label.get(lang),
            t("src_col_unit", lang): t(f"src_unit_{ind.unit}", lang),
            t("src_col_direction", lang): t(f"src_direction_{ind.direction}", lang),
            t("src_col_sources", lang): " | ".join(f"{table}, {column}: {years_text(pairs, lang)}"
                                                   for table, column, pairs in source_years(ind)),
            t("src_col_licence", lang): ", ".join(sorted({cat.table(s.table).licence for s in ind.sources})),
            t("src_col_definition", lang): ind.definition.get(lang),
        })
    return pd.DataFrame(rows)


def indicator_markdown(cat: Catalogue, ind: Indicator, lang: str) -> str:
    """The entry of one indicator under its heading: definition, then a list of unit and direction, sources with
    their years, licence and attribution, and for RIVM figures a pointer to what a model-based estimate is."""
    items = [t("src_ind_meta", lang, unit=t(f"src_unit_{ind.unit}", lang),
               direction=t(f"src_direction_{ind.direction}", lang), id=ind.id)]
    tables = []
    for table_id, column, pairs in source_years(ind):
        table = cat.table(table_id)
        tables.append(table)
        items.append(t("src_ind_source", lang, table=table.id, url=table.url, title=table.title.get(lang),
                       column=column, years=years_text(pairs, lang)))
    by_licence: dict[str, list[str]] = {}
    for tb in tables:
        credits = by_licence.setdefault(tb.licence, [])
        if tb.attribution.get(lang) not in credits:
            credits.append(tb.attribution.get(lang))
    items += [t("src_ind_licence", lang, licence=licence, attribution="; ".join(credits))
              for licence, credits in by_licence.items()]
    if any(tb.catalog == RIVM_CATALOG for tb in tables):
        items.append(t("src_ind_model_note", lang))
    if not ind.available:
        items.append(t("src_ind_unavailable", lang))
    return ind.definition.get(lang) + "\n\n" + "\n".join(f"- {item}" for item in items)


def definitions_html(cat: Catalogue, lang: str) -> str:
    """Every indicator's entry (indicator_markdown) under its theme, as one block of HTML: drawn as 83 headings and 74
    markdown elements they took the browser half a second, one st.html 79 ms (bench/RESULTS.md, a cold visit's
    timeline). The headings keep their anchors (`group-<id>`, indicator_anchor); ui.page_scripts scrolls to the one
    a URL names, as Streamlit does for its own headings. The texts are the app's own; markdown renders any HTML in
    them as text."""
    parts = []
    for group in cat.groups:
        members = [ind for ind in cat.indicators if ind.group == group.id]
        if not members:
            continue
        parts.append(f'<h2 id="group-{group.id}">{escape(group.label.get(lang))}</h2>')
        for ind in members:
            parts.append(f'<h3 id="{indicator_anchor(ind.id)}">{escape(ind.label.get(lang))}</h3>')
            parts.append(MARKDOWN.render(indicator_markdown(cat, ind, lang)))
    return f'<div class="{DEFINITIONS_CLASS}">' + "".join(parts) + "</div>"


def tables_html(cat: Catalogue, lang: str) -> str:
    """The source tables, each id a link to its StatLine page; on a phone each table is a card (as a table of five
    columns it ran past the screen's edge, 'CC BY 4.0' cut off, in a box that scrolled sideways without a sign)."""
    frame = tables_frame(cat, lang)
    urls, column = frame.pop(t("src_col_url", lang)), t("src_col_table", lang)
    frame[column] = [Link(code, url) for code, url in zip(frame[column], urls)]
    return table_html(frame)


def latest_key_figures(cat: Catalogue) -> tuple[str, int]:
    """The CBS key-figures table with the latest year in the catalogue, and that year (85984NED, 2024)."""
    return max(((table, years[-1]) for table, (publisher, years) in table_years(cat).items() if publisher == "CBS"),
               key=lambda pair: pair[1])


def codes_text(wijk_codes: Collection[str], buurt_codes: Collection[str], tidy: pd.DataFrame, table: str,
               table_year: int, boundary_year: int, city: str, lang: str) -> str:
    """Whether the boundary map's wijk codes are those of the latest key figures (`table`), counted in the
    gemeente's own observations: a claim about its codes is only as true as its data. Where a year divided a
    level otherwise than the boundaries (indicators.divisions: Rijswijk's wijken and buurten of 2012-2024; key
    figures that lack one of the boundaries' codes), that instead: it said Rijswijk's 9 wijk codes all matched the
    2024 key figures, which hold 11 wijken."""
    others = []
    for level, codes in (("wijk", wijk_codes), ("buurt", buurt_codes)):
        years = years_divided_otherwise(divisions_of(tidy[tidy["level"] == level]), codes)
        if years:
            others.append(other_division_text("src_codes_other", lang, city=city, years=years, level=level,
                                              boundary_year=boundary_year, since=boundary_year))
    if others:
        return " ".join(others)
    values = {"city": city, "n": len(wijk_codes), "since": boundary_year, "table_year": table_year}
    # the key figures list every area: without another division, theirs are the boundaries' codes
    listed = ((tidy["source"] == table) & (tidy["level"] == "wijk")).any()
    return t("src_codes_same" if listed else "src_codes_unknown", lang, **values)


class Example(NamedTuple):
    """An area with withheld figures: its name, or its code when the map's boundaries do not hold it (the sources
    publish figures for buurten of other years' boundaries and name them only by code), and how many."""
    name: str
    n: int
    on_map: bool = True


def withheld_examples(tidy: pd.DataFrame, names: Mapping[str, str], limit: int = EXAMPLES) -> list[Example]:
    """The wijken and buurten with the most withheld figures (status `suppressed`, one per indicator, year and age),
    most first; a name shared by a wijk and its buurt counts once, with the larger count."""
    rows = tidy[(tidy["status"] == "suppressed") & tidy["level"].isin(("wijk", "buurt"))]
    counts = rows.groupby("area_code").size()
    by_name: dict[str, Example] = {}
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], item[0]))):
        name = names.get(code, code)
        by_name.setdefault(name, Example(name, int(n), code in names))
    return list(by_name.values())[:limit]


def examples_text(examples: Sequence[Example], city: str, lang: str) -> str:
    """One sentence naming the examples (withheld_examples) with their counts, the names as typed (not markdown); an
    area not on the map is given by its code, and said to be so. None: nothing."""
    if not examples:
        return ""
    areas = ", ".join(t("src_missing_example" if e.on_map else "src_missing_example_off_map", lang,
                        name=escape_markdown(e.name), n=e.n) for e in examples)
    return t("src_missing_examples", lang, city=city, areas=areas)


def few_example(shares: pd.DataFrame) -> pd.Series | None:
    """The withheld 2015 percentage of fewer than 5 people to show (indicators.observations.published_shares_of_few):
    the largest, a wijk's before a buurt's, a share of inhabitants before one of households (the text speaks of
    residents); None when there is none."""
    if shares.empty:
        return None
    ranked = shares.assign(_buurt=shares["level"] != "wijk", _households=shares["base_indicator"] != "aant_inw")
    ranked = ranked.sort_values(["value", "_buurt", "_households", "area_code"], ascending=[False, True, True, True])
    return ranked.iloc[0]


def few_text(shares: pd.DataFrame, names: Mapping[str, str], cat: Catalogue, city: str, has_figures: bool,
             lang: str) -> str:
    """The gemeente's own example of a percentage of almost nobody that CBS's 2015 key figures gave (Den Haag's
    Oostduinen, 0 inhabitants, '65 and over: 100%'), or that it has none, or no 2015 key figures at all. Wassenaar's
    page named Den Haag's Oostduinen."""
    example = few_example(shares)
    if example is None:
        return t("src_few_none" if has_figures else "src_few_no_figures", lang, city=city)
    ind = cat.indicator(example["indicator"])
    return t("src_few_example", lang, city=city, name=escape_markdown(names.get(example["area_code"],
                                                                              example["area_code"])),
             n=int(example["base"]), base=t(f"src_few_base_{example['base_indicator']}", lang),
             label=ind.label.get(lang), value=value_text(example["value"], ind, example["level"], lang, example["year"]))


def freshness_frame(files: Mapping[str, Sequence[FileFreshness]], city: str, lang: str) -> pd.DataFrame:
    """The files found per data set; 'Read for <city>' says whether the gemeente's figures are read from it
    (FileFreshness.preferred, after indicators.freshness.mark_read)."""
    rows = []
    for key, found in files.items():
        for f in found:
            rows.append({
                t("src_col_dataset", lang): t(f"src_dataset_{key}", lang),
                t("src_col_file", lang): f.name,
                t("src_col_folder", lang): t(f"src_folder_{f.folder}", lang),
                t("src_col_read", lang, city=city): t("src_yes" if f.preferred else "src_no", lang),
                t("src_col_file_modified", lang): fmt_moment(f.file_modified, lang),
                t("src_col_table_modified", lang): fmt_moment(f.table_modified, lang),
                t("src_col_downloaded", lang): fmt_moment(f.downloaded, lang),
            })
    return pd.DataFrame(rows)


def missing_datasets(files: Mapping[str, Sequence[FileFreshness]], tables_with_rows: Collection[str], city: str,
                     lang: str) -> list[str]:
    """The data sets the gemeente lacks, by name: no file at all, or a source table whose files hold no row for it
    (the mirror's KWB 2019 holds Den Haag only: Delft's profile had no 2019 key figure)."""
    missing = []
    for key, found in files.items():
        name = t(f"src_dataset_{key}", lang)
        if not found:
            missing.append(name)
        elif key in DATASET_TABLES and DATASET_TABLES[key] not in tables_with_rows:
            missing.append(t("src_fresh_no_rows", lang, dataset=name, city=city))
    return missing


def contents_markdown(lang: str) -> str:
    titles = ("src_tables_title", "src_model_title", "src_missing_title", "src_fresh_title", "src_ind_title")
    return "\n".join(f"- [{t(title, lang)}](#{anchor})" for title, anchor in zip(titles, SECTIONS))


# --- drawing -----------------------------------------------------------------------------------------------------

def tables_section(cat: Catalogue, lang: str, boundary_year: int, city: str, codes: str) -> None:
    """The source tables, then the boundaries (their year and `codes`, codes_text), then the programme counts'
    source."""
    st.header(t("src_tables_title", lang), anchor="src-tables")
    st.write(t("src_tables_intro", lang))
    st.html(tables_html(cat, lang))
    st.subheader(t("src_boundaries_title", lang), anchor="src-boundaries")
    st.write(t("src_boundaries_text", lang, year=boundary_year, codes=codes))
    st.subheader(t("src_programs_title", lang), anchor="src-programs")
    st.markdown(t("src_programs_text", lang, page=t("page_programmas", lang), report=REPORT_TITLE, year=REPORT_YEAR,
                  cited=REPORT_CITED))


def method_section(lang: str) -> None:
    st.header(t("src_model_title", lang), anchor="src-model")
    st.markdown(t("src_model_text", lang))
    st.subheader(t("src_kwb_title", lang), anchor="src-kwb")
    st.write(t("src_kwb_text", lang))


def missing_section(lang: str, examples: str, few: str) -> None:
    """Why a value can be missing; `examples` (examples_text) names the gemeente's areas with withheld figures,
    `few` (few_text) its example of a percentage of almost nobody."""
    st.header(t("src_missing_title", lang), anchor="src-missing")
    st.markdown(t("src_missing_text", lang, suppressed=t("status_suppressed", lang),
                  not_collected=t("status_not_collected", lang), examples=examples, few=few))


def freshness_section(files: Mapping[str, Sequence[FileFreshness]], tables_with_rows: Collection[str], gemeente: str,
                      city: str, lang: str) -> None:
    """The files found per data set (`files` after mark_read: which hold the gemeente's figures), then the data sets
    the gemeente lacks (missing_datasets). A plain table: as a grid, with the catalogue's grid, it had a first visit
    load the grid's code (DataFrame.js, Arrow: 1.2 MB) for a dozen rows of text."""
    st.header(t("src_fresh_title", lang), anchor="src-fresh")
    st.markdown(t("src_fresh_intro", lang))
    present = [f for found in files.values() for f in found if f.preferred]
    if present:
        st.markdown(t("src_fresh_as_of", lang, date=fmt_moment(newest(present), lang)))
    table_with_download(freshness_frame(files, city, lang), t("file_sources_freshness", lang, gemeente=gemeente), lang,
                        key="download_freshness", plain=True)
    missing = missing_datasets(files, tables_with_rows, city, lang)
    if missing:
        st.info(t("src_fresh_missing", lang, datasets="; ".join(missing), gemeente=gemeente))


def indicators_section(cat: Catalogue, lang: str) -> None:
    st.header(t("src_ind_title", lang), anchor="src-indicators")
    st.write(t("src_ind_intro", lang, n=len(cat.indicators), groups=len(cat.groups),
               link=t("src_link_definition", lang)))
    table_when_opened(t("src_ind_table", lang), lambda: indicators_frame(cat, lang), t("file_indicators", lang), lang,
                      key="download_indicators", open_key=INDICATORS_TABLE_KEY)
    st.html(definitions_html(cat, lang))


def as_of_text(files: Sequence[FileFreshness], lang: str) -> str:
    """'12 november 2025, 14:03' for the newest of some files (for a caption elsewhere)."""
    return fmt_moment(newest(files), lang) if files else t("src_unknown", lang)

