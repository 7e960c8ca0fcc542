"""What the app changes in the browser's own behaviour: two small scripts and its style rules, set once per page load.

- A link followed from the sidebar closes it where it lies over the page (Streamlit's "md" breakpoint, at which it
  also starts collapsed), as a phone's menu does. Streamlit closes it only for its own navigation and only for a
  phone's user agent, so "sign in for data entry" left the sign-in form under the sidebar. It looks a frame later,
  so a sidebar Streamlit already closed stays shut. Added to the sidebar by `add_page_scripts`.
- The browser's history holds pages, not every change of the view (HISTORY_SCRIPT). Streamlit adds an entry for
  each change of the query string; the view is the session's (ui.context: it follows the visitor from page to
  page), so Back to such an entry only had the app write the view into the URL again: Back seemed to do nothing,
  two or three times, before it left the page. A change of the query string on the same page now replaces the
  page's entry, so Back goes to the page before, with the view as it is, and the URL of each entry keeps the view it
  was left with. server_root.py writes it into the head of the page's HTML, so it holds before Streamlit's code
  runs: in the sidebar it came too late for the first run, whose rewrite of a link with a bad value (`?slide=abc`
  written back without it) still added an entry, and Back from the corrected page went to the same page.
- The sidebar's page links carry the view (PAGE_SCRIPTS): Streamlit's own links are bare paths (`/profiel`), so a
  page opened from one in a new tab, or a copied link, lost the gemeente, level and language (a click keeps them: the
  view is the session's). Their query string follows the page's URL, less the parameters of this page alone
  (indicators.view.PAGE_ONLY: a tab, the map's classification) in the links to other pages; a click still goes
  through Streamlit.
- A URL's anchor is scrolled to when its element is drawn: Streamlit does so for its own headings only, and
  /bronnen's indicator entries are one block of HTML (views.bronnen_panels.definitions_html), whose headings are
  styled here as Streamlit's header and subheader.
- Streamlit's own aria-labels ("Clear all", "Remove Moerwijk (wijk)", "Collapse sidebar") are read in the page's
  language (ARIA_KEYS): Streamlit writes them in English only, and a screen reader read English words on a Dutch
  page. They follow `<html lang>` (ui.a11y), also after a switch of language.
- A multiselect shows every chosen value: Streamlit shows 4.5 rows of them and scrolls the rest (eight areas on a
  phone), as on one line in a column (ui.context.bound_multiselect wraps them).
- On a phone Streamlit's headings are smaller (the slides' own are sized by views/presentatie_panels): at
  Streamlit's sizes (h1 44 px) "Invoer van programmatellingen" broke mid-word ("programmatelling / en"), and so did
  long indicator names on /bronnen ("arbeidsongeschiktheids…"). In PAGE_SCRIPTS, beside the sidebar's script.
- The map page's h1 (its indicator's heading) has a subheader's size, as it had as an h3: a beamer's 1024×768 shows
  as much of the map as before. Keyboard focus on a sidebar page link has an outline in the primary colour (the
  current page has the same grey background as a focused link had).
- Print (A4): no sidebar, header or buttons, the main column the sheet's width, maps and tables within it, a closed
  expander left out (its bar printed over a table row), no page break inside a table row or a chart. A table's
  interactive grid is a canvas that printed only the rows and columns on screen: ui.widgets.table_with_download adds
  a static copy (key prefix PRINT_COPY, a plain table) that only print shows, instead of the grid. The rules of the
  plain HTML tables (charts.html_table: cards on a narrow screen, their print size) are part of PAGE_STYLE, sent
  once per page. Columns in a PRINT_STACK container print one under the other, each the sheet's width (the
  profile's place and map).
"""
from __future__ import annotations

import json

import streamlit as st

from charts.html_table import CSS as TABLE_CSS
from indicators.view import PAGE_ONLY
from texts.i18n import t

NARROW_PX = 768  # Streamlit's "md" breakpoint: below it the sidebar lies over the page
PHONE_PX = 640  # headings scale down below this width
# The theme's primary colour (.streamlit/config.toml, read from the working directory as Streamlit reads it);
# without that file the focus outline takes the link's own colour.
PRIMARY = st.get_option("theme.primaryColor") or "currentColor"
PRINT_COPY = "print_copy_"  # key prefix of a table's static copy, shown in print only (ui.widgets.table_with_download)
DEFINITIONS_CLASS = "definitions"  # /bronnen's block of indicator entries (views.bronnen_panels.definitions_html)
PRINT_STACK = "print_stack"  # key of a container whose columns print one under the other (views/profiel.py)
# The text keys of Streamlit's own aria-labels (English on every page): screen readers read them in the page's
# language. Each key's English text is Streamlit's label, "{name}" where it fills in a name; tests/test_accessibility
# checks them against Streamlit's code.
ARIA_KEYS = ("aria_app_pages", "aria_clear_all", "aria_close", "aria_collapse_sidebar", "aria_expand_sidebar",
             "aria_fullscreen", "aria_hide_password", "aria_home", "aria_link_to_heading", "aria_main_menu",
             "aria_open", "aria_remove", "aria_search", "aria_selected_values", "aria_show_hide_columns",
             "aria_show_password", "aria_sidebar", "aria_slider_start", "aria_slider_end", "aria_increment",
             "aria_decrement", "aria_choose_date", "aria_previous_month", "aria_next_month", "aria_clear_value",
             "aria_scroll_tabs_left", "aria_scroll_tabs_right")
PAGE_STYLE = "<style>" + TABLE_CSS + """
[data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]) { max-height: none; }
/* /bronnen's indicator entries as Streamlit draws a header, subheader and markdown (its light theme's colours) */
.%(definitions)s :is(h2, h3) { font-weight: 600; line-height: 1.2; margin: 0; scroll-margin-top: 3.75rem; }
.%(definitions)s h2 { font-size: 2.25rem; padding: 1rem 0; }
.%(definitions)s h3 { font-size: 1.75rem; padding: 0.75rem 0 1rem; }
.%(definitions)s ul { padding-left: 0; }
.%(definitions)s li { margin: 0.2rem 0 0.2rem 1.15rem; padding-left: 0.3rem; }
.%(definitions)s strong { font-weight: 600; }
.%(definitions)s a { color: #244fb4; }
.%(definitions)s code { font-family: "Source Code Pro", monospace; font-size: 0.75em; color: #0c5a44;
  background: #f9fafb; padding: 0.2em 0.4em; border-radius: 0.25rem; }
@media (max-width: %(phone)dpx) {
  :is([data-testid="stHeading"], [data-testid="stMarkdownContainer"], .%(definitions)s) h1 { font-size: 2rem; }
  :is([data-testid="stHeading"], [data-testid="stMarkdownContainer"], .%(definitions)s) h2 { font-size: 1.5rem; }
  :is([data-testid="stHeading"], [data-testid="stMarkdownContainer"], .%(definitions)s) h3 { font-size: 1.25rem; }
}
.st-key-map_heading [data-testid="stHeading"] h1 {
  font-size: 1.75rem; font-weight: 600; letter-spacing: -0.005em; padding-top: 0.75rem; }  /* a subheader's look */
@media (max-width: %(phone)dpx) { .st-key-map_heading [data-testid="stHeading"] h1 { font-size: 1.25rem; } }
/* a link in the page ("Open the profile of Rokkeveen-Oost") wraps: Streamlit keeps it on one line and cut it at the
   edge of its column on a beamer, without an ellipsis (its text sits in a paragraph inside the clipping span) */
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] :is(span, span *) { white-space: normal; overflow: visible; }
[data-testid="stSidebarNav"] a:focus-visible { outline: 2px solid %(primary)s; outline-offset: -2px; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-%(copy)s"]) { display: none; }
@media print {
  @page { size: A4; margin: 12mm; }
  :is([data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
      [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
      [data-testid="stButton"], [data-testid="stDownloadButton"], [data-testid="stFileUploader"],
      [data-testid="stElementToolbar"], [data-testid="stExpander"]:has(details:not([open]))) { display: none !important; }
  :is([data-testid="stMain"], [data-testid="stMainBlockContainer"]) {
    width: 100%%; max-width: none; min-width: 0; margin: 0; padding: 0; }
  [data-testid="stMain"] :is(img, svg, canvas, iframe, table, .wijk-plot) { max-width: 100%%; }
  [data-testid="stMain"] iframe { width: 100%% !important; }
  .wijk-plot { min-height: 0 !important; }  /* a chart drawn wider than the sheet scales down to it (plotchart.js) */
  .wijk-plot .svg-container { width: 100%% !important; height: auto !important; aspect-ratio: var(--plot-ratio); }
  .wijk-plot .main-svg { width: 100%%; height: 100%%; }
  :is(tr, img, iframe, table.ranked, .wijk-plot) { break-inside: avoid; }
  :is([data-testid="stHeading"], .%(definitions)s h2, .%(definitions)s h3) { break-after: avoid; }
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):has(
    + [data-testid="stLayoutWrapper"] > [class*="st-key-%(copy)s"]) { display: none; }
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-%(copy)s"]) { display: block; }
  .st-key-%(stack)s [data-testid="stHorizontalBlock"] { flex-direction: column; }
  .st-key-%(stack)s [data-testid="stColumn"] { width: 100%%; flex: 1 1 auto; }
}
</style>""" % {"phone": PHONE_PX, "primary": PRIMARY, "copy": PRINT_COPY, "stack": PRINT_STACK,
                 "definitions": DEFINITIONS_CLASS}
PAGE_SCRIPTS = PAGE_STYLE + """<script>
if (!window.wijkPageScripts) {
  window.wijkPageScripts = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('[data-testid="stSidebar"] a[href]');
    if (!link || window.innerWidth > %d) return;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const bar = document.querySelector('[data-testid="stSidebar"]');
      if (bar && bar.dataset.collapsed === "false") {
        document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
      }
    }));
  });
  const pageOnly = new Set(%s);
  const carried = (to) => {
    if (to.pathname === location.pathname) return location.search;
    const query = new URLSearchParams(location.search);
    for (const name of [...query.keys()]) if (pageOnly.has(name)) query.delete(name);
    const text = query.toString();
    return text ? "?" + text : "";
  };
  const carryView = () => {
    for (const link of document.querySelectorAll('[data-testid="stSidebarNav"] a[href]')) {
      const to = new URL(link.href, location.href);
      const search = carried(to);
      if (to.origin !== location.origin || to.search === search) continue;
      to.search = search;
      link.setAttribute("href", to.pathname + to.search + to.hash);
    }
  };
  for (const name of ["pushState", "replaceState"]) {
    const write = history[name].bind(history);
    history[name] = (...args) => { write(...args); carryView(); };
  }
  const named = (text, label) => {  // the name in `label` where {} stands in `text`; null: no match
    const [head, tail] = text.split("{}");
    if (tail === undefined) return label === head ? "" : null;
    const fits = label.length > head.length + tail.length && label.startsWith(head) && label.endsWith(tail);
    return fits ? label.slice(head.length, label.length - tail.length) : null;
  };
  const ariaTexts = %s;
  const translateLabels = () => {
    const [to, from] = document.documentElement.lang === "en" ? [0, 1] : [1, 0];
    for (const element of document.querySelectorAll("[aria-label]")) {
      const label = element.getAttribute("aria-label");
      for (const pair of ariaTexts) {
        const name = named(pair[from], label);
        if (name === null) continue;
        element.setAttribute("aria-label", pair[to].replace("{}", name));
        break;
      }
    }
  };
  let anchor = decodeURIComponent(location.hash.slice(1));
  const scrollToAnchor = () => {
    const target = anchor && document.getElementById(anchor);
    if (!target) return;
    anchor = "";
    target.scrollIntoView();
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; carryView(); scrollToAnchor(); translateLabels(); });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                        attributeFilter: ["href", "aria-label", "lang"]});
  carryView();
  translateLabels();
}
</script>""" % (NARROW_PX, json.dumps(sorted(PAGE_ONLY)),
                json.dumps([[t(key, "en", name="{}"), t(key, "nl", name="{}")] for key in ARIA_KEYS]))
HISTORY_SCRIPT = """<script>
(() => {
  const push = history.pushState.bind(history);
  history.pushState = (state, title, url) => {
    const next = url == null ? null : new URL(url, location.href);
    if (next && next.pathname === location.pathname) history.replaceState(state, title, url);
    else push(state, title, url);
  };
})();
</script>"""


def add_page_scripts() -> None:
    """PAGE_SCRIPTS, in the sidebar's last element: its empty element takes a gap there, not above a page's title.
    Renders nothing visible."""
    st.sidebar.html(PAGE_SCRIPTS, width="content", unsafe_allow_javascript=True)
