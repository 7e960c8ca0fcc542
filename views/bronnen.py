"""Bronnen: sources, definitions, certainty, missing values and data freshness (issue #10)."""
from __future__ import annotations

import streamlit as st

from indicators.catalogue import catalogue
from indicators.freshness import data_as_of, mark_read
from ui import cache
from ui.a11y import set_document_language
from ui.context import view
from texts.i18n import t
from views.bronnen_panels import (codes_text, contents_markdown, examples_text, few_text, freshness_section,
                                  indicators_section, latest_key_figures, method_section, missing_section,
                                  tables_section, withheld_examples)

cat = catalogue()
lang = view().lang
gemeente = view().gemeente
city = cache.city_name(gemeente, lang)
wijken = cache.areas(gemeente, "wijk")
boundary_year = wijken.attrs.get("year", 2015)
tidy = cache.observations(gemeente)

st.title(t("src_title", lang))
st.write(t("src_intro", lang))
st.markdown(f"**{t('src_contents', lang)}**\n\n{contents_markdown(lang)}")

tables_section(cat, lang, boundary_year, city,
               codes_text(wijken["code"], cache.areas(gemeente, "buurt")["code"], tidy, *latest_key_figures(cat),
                          boundary_year, city, lang))
method_section(lang)
names = cache.area_names(gemeente, lang)
tables_with_rows = set(tidy["source"].dropna())
missing_section(lang, examples_text(withheld_examples(tidy, names), city, lang),
                few_text(cache.shares_of_few(gemeente), names, cat, city, "83220NED" in tables_with_rows,
                         lang))
freshness_section(mark_read(data_as_of(gemeente), cache.source_files(gemeente)), tables_with_rows, gemeente, city,
                  lang)
indicators_section(cat, lang)
set_document_language(lang)  # <html lang> (WCAG 3.1.1); last, so its empty element adds no gap
