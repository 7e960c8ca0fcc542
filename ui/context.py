"""The session's view: read once from the URL, kept in session state, bound to widgets, written back to the URL.

One rule for every widget that shows part of the view (issue #16): the widget is drawn from the view on every run,
and its on_change callback writes the user's choice into the view before the next run starts. No widget keeps a
value of its own, so navigation, a language or gemeente switch, a map click or a link can never leave a picker
showing another value than the one the page draws.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from indicators.areas import groups as area_groups
from indicators.catalogue import catalogue
from indicators.select import fit_to_figures
from indicators.sources import DataError
from indicators.view import (NOTHING, Notice, View, drop_unknown_areas, fit_section, fit_year_age, for_gemeente,
                             merged_notices, parse_view, single_values, url_params)
from programs.table import area_name
from programs.validation import THEMES
from texts.i18n import t
from ui import cache
from ui.safe_text import code_span
from ui.store import count_area_names, program_ids, program_names

VIEW_KEY = "view"
SIDEBAR_FIELDS = ("lang", "gemeente", "level", "age")  # the view's fields ui.sidebar shows, outside every fragment
SIDEBAR_STALE_KEY = "sidebar_stale"
RELABELLED_KEY = "relabelled_widgets"  # the keys given to `relabelled`
NOTICES_KEY = "url_notices"
FITTED_KEY = "fitted_notices"  # texts of what a change of the view changed with it (update_view, show_fitted)
# (field, gemeente) of the view's list fields (a multiselect's) the visitor emptied in this session: they stay empty
# instead of showing their defaults again (the areas cleared to choose others came back before the first was chosen)
EMPTIED_KEY = "emptied_fields"
PAGE_KEY = "page"  # the url path of the page being drawn (app.py): write_url writes that page's parameters
NOTICE_LIMIT = 120  # characters of a bad value shown in its notice
# Choices after which the year moves to one with figures for the view's areas (a year the reader chose stays)
FITTED_TO_FIGURES = frozenset({"indicator", "level", "gemeente", "age"})


def init_view(gemeenten: set[str] | None, known_areas: Callable[[str], set[str]] | None) -> View:
    """Parse the URL once per session; later reruns keep the view in session state. Without `known_areas`
    (no readable boundaries) the link's areas are kept as they are."""
    if VIEW_KEY not in st.session_state:
        params, repeated = single_values(query_lists())
        program_params = {"program", "programs", "series"} & set(params)  # the store is read only when asked
        parsed, notices = parse_view(params, catalogue(), gemeenten, program_ids() if program_params else None,
                                     THEMES)
        area_notices: list[Notice] = []
        if known_areas is not None:
            parsed, area_notices = drop_unknown_areas(parsed, known_areas(parsed.gemeente),
                                                      {gid: g["members"] for gid, g in area_groups().items()})
        if "year" not in params:  # the link leaves the year to us: one with figures (a buurt link of inhabitants
            parsed = year_with_figures(parsed)  # opened on 2024, which only the wijken have)
        st.session_state[VIEW_KEY] = parsed
        st.session_state[NOTICES_KEY] = repeated + merged_notices(notices, area_notices)
    return st.session_state[VIEW_KEY]


def query_lists() -> dict[str, list[str]]:
    """The URL's parameters with every value each holds (`to_dict` keeps only the last of a repeated one)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def view() -> View:
    return st.session_state.get(VIEW_KEY, View())


def update_view(**changes: Any) -> View:
    old = view()
    new = replace(old, **changes)
    fitted: list[Notice] = []
    if {"indicator", "year", "age"} & set(changes):
        new, fitted = fit_year_age(new, catalogue(), keep_age=changes.keys() == {"age"})
    if new.gemeente != old.gemeente:
        try:
            new = for_gemeente(new, cache.area_codes(new.gemeente),
                               {gid: g["members"] for gid, g in area_groups().items()})
        except DataError:  # its boundaries cannot be read: the page says so; the areas wait for a readable set
            pass
    if FITTED_TO_FIGURES & set(changes) and "year" not in changes:
        before = new.year
        new = year_with_figures(new)
        if new.year != before and not fitted:
            fitted = [Notice("year", str(before), str(new.year))]
    if fitted:  # the year or age changed with the choice: said once (show_fitted; a link's notice says it too)
        st.session_state[FITTED_KEY] = [fitted_text(replace(n, default=str(new.year) if n.param == "year"
                                                            else n.default), new.lang) for n in fitted]
    st.session_state[VIEW_KEY] = new
    if new.lang != old.lang:
        relabel()
    if any(getattr(new, name) != getattr(old, name) for name in SIDEBAR_FIELDS if name not in changes):
        st.session_state[SIDEBAR_STALE_KEY] = True  # e.g. a year without 65+ figures took the age back to 18+
    return new


def relabelled(key: str) -> str:
    """`key`, noted as that of a widget that keeps a value of its own (not drawn from the view) and shows its options
    in the view's language. After a language switch the browser still shows such a widget's old label and sends it
    back with the next change of any widget; it then matches no option and the choice is lost (the entry form's
    program and area went blank). `relabel` sets the noted widgets' values again, which sends them with the new
    labels."""
    st.session_state.setdefault(RELABELLED_KEY, set()).add(key)
    return key


def relabel() -> None:
    """On a language switch (update_view, in the language widget's on_change, before any widget is drawn): each
    `relabelled` widget's value set again, so the browser gets it with its label in the new language."""
    for key in st.session_state.get(RELABELLED_KEY, ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def year_with_figures(v: View) -> View:
    """indicators.select.fit_to_figures with the gemeente's observations, unless they cannot be read."""
    try:
        return fit_to_figures(v, catalogue(), cache.figures(v.gemeente))
    except DataError:  # the gemeente's data is missing: the page says so
        return v


def keep_sidebar_in_step() -> None:
    """Rerun the whole app when the view changed a field the sidebar shows behind the back of its widget: a
    fragment's rerun (and a page drawn after the sidebar) would leave the sidebar showing the old value."""
    if st.session_state.pop(SIDEBAR_STALE_KEY, False):
        st.rerun()


def show_fitted() -> None:
    """What the last change of the view changed besides itself (update_view), once, as toasts: shown by the run
    that draws the change (a toast in the widget's callback was lost when keep_sidebar_in_step reran the app)."""
    for text in st.session_state.pop(FITTED_KEY, []):
        st.toast(text, icon="ℹ️")


def view_fragment(body: Callable[..., None]) -> Callable[..., None]:
    """`body` as a fragment (a part of a page that reruns on its own when its widgets change) that keeps the
    sidebar in step with the view (keep_sidebar_in_step) before and after it runs, and says what a change of the
    view changed with it (show_fitted)."""
    @st.fragment
    @functools.wraps(body)  # the fragment's id comes from the body's name
    def run(*args: Any, **kwargs: Any) -> None:
        keep_sidebar_in_step()
        show_fitted()
        body(*args, **kwargs)
        keep_sidebar_in_step()
    return run


def enter_page(page: str) -> None:
    """The page being drawn (its url path), for write_url. On the session's first run, the link's `section` is
    checked against that page's tabs (indicators.view.fit_section): a tab of another page is told, as any bad value."""
    first = PAGE_KEY not in st.session_state
    st.session_state[PAGE_KEY] = page
    if first:
        fitted, notices = fit_section(view(), page)
        st.session_state[VIEW_KEY] = fitted
        st.session_state[NOTICES_KEY] = st.session_state.get(NOTICES_KEY, []) + notices


def write_url() -> None:
    """Mirror the view into the query parameters so a copied link reproduces it: the parameters of the page being
    drawn (indicators.view.url_params, as every link between the pages), so Back to another page's entry does not
    carry this page's own (a tab, a slide) there. Compared value by value: a repeated parameter is written back once."""
    wanted = url_params(view(), st.session_state.get(PAGE_KEY, ""))
    if query_lists() != {name: [value] for name, value in wanted.items()}:
        st.query_params.from_dict(wanted)


def data_error_text(exc: DataError) -> str:
    """Missing or broken data files, in the view's language: which file, what is wrong, how to get the data."""
    lang = view().lang
    return f"**{t('data_missing_title', lang)}**\n\n{exc}\n\n{t('data_missing_help', lang, gemeente=view().gemeente)}"


def page_fragment(body: Callable[[], None]) -> Callable[[], None]:
    """A page's body as a fragment: its own widgets rerun only the body, not the router and the sidebar (fewer
    elements for the server to run and the browser to redraw, issue #19). A fragment rerun does not pass through
    app.py, so the body shows a data error itself and mirrors the view into the URL after each run."""
    @view_fragment
    @functools.wraps(body)  # the fragment's id comes from the body's name: one per page
    def run() -> None:
        try:
            body()
        except DataError as exc:
            st.error(data_error_text(exc))
        write_url()
    return run


def plain_indicator_label(code: str, lang: str) -> str:
    """An indicator's label in `lang` ('eenzaam' -> 'Lonely'), without its group (ui.widgets.indicator_label has
    'Group · label'); the id itself when the catalogue has none."""
    cat = catalogue()
    return cat.indicator(code).label.get(lang) if code in cat.ids else code


INDICATOR_PARAMS = frozenset({"indicator", "x", "y", "indicators"})
# The parameters whose value is ids a notice names by their labels (the lists comma-separated)
LABELLED_PARAMS = INDICATOR_PARAMS | {"areas", "groups", "places", "themes", "programs"}


def id_label(param: str, code: str, lang: str, names: Mapping[str, str] | None = None) -> str:
    """One id of the parameter `param` as a reader knows it, in `lang`: an indicator's or a theme's label, a group's
    name (data/areas.yaml), an area's or a program's by `names` (notice_names); the id itself when none is known."""
    if param in INDICATOR_PARAMS:
        return plain_indicator_label(code, lang)
    if param == "themes":
        return t(f"prog_theme_{code}", lang) if code in THEMES else code
    if param == "programs":
        return (names or {}).get(code, code)
    return area_name(code, lang, names or {})  # areas, places, groups: a group's name, an area's, else the code


def shown_instead(notice: Notice, lang: str, city: str, names: Mapping[str, str] | None = None) -> str:
    """What the page shows in place of a value it could not use, in words a reader knows: the city by name (for a
    dropped area or an unknown gemeente), kept ids by their labels (id_label), a choice's label; other defaults as
    they are."""
    param, default = notice.param, notice.default
    if param in ("area", "gemeente"):
        return city  # no area: the whole city; an unknown gemeente: the default one, now the view's
    if param in LABELLED_PARAMS:
        return ", ".join(id_label(param, code, lang, names) for code in default.split(","))
    if param in ("level", "age", "mode", "method", "section", "lang"):
        return t(f"{'level_plural' if param == 'level' else param}_{default}", lang, city=city)
    return default


def notice_text(notice: Notice, lang: str, city: str, names: Mapping[str, str] | None = None) -> str:
    """What a notice says. The value comes from the link: shown literally (a code span), never as markdown (issue
    #11). A dropped `area` leaves the whole city on every page; another dropped parameter, nothing."""
    value = code_span(notice.value, NOTICE_LIMIT)
    if notice.repeated:
        return t("notice_repeated_param", lang, param=code_span(notice.param, NOTICE_LIMIT), values=value,
                 used=code_span(notice.default, NOTICE_LIMIT))
    if notice.in_year is not None:
        return t("notice_age_not_in_year", lang, age=t(f"age_{notice.value}", lang), year=notice.in_year,
                 default=shown_instead(notice, lang, city, names))
    if notice.unknown:
        return t("notice_unknown_param", lang, param=code_span(notice.param, NOTICE_LIMIT), value=value)
    if notice.default == NOTHING and notice.param != "area":
        return t("notice_dropped_param", lang, param=notice.param, value=value)
    return t("notice_bad_param", lang, param=notice.param, value=value,
             default=shown_instead(notice, lang, city, names))


def fitted_text(notice: Notice, lang: str) -> str:
    """What a choice changed besides itself (indicators.view.fit_year_age's notices): the year an indicator lacks,
    or an age group without figures in the year."""
    if notice.in_year is not None:
        return notice_text(notice, lang, "")
    return t("notice_year_not_offered", lang, year=notice.value, default=notice.default)


def notice_names(notices: Sequence[Notice], lang: str, gemeente: str) -> dict[str, str]:
    """Code or id -> name in `lang` for the ids `notices` keep, read only when one keeps such ids: the gemeente's
    areas (`areas`), program counts' places in any gemeente (`places`, ui.store.count_area_names), the store's
    programs (`programs`). CBS codes and program ids do not overlap, so one mapping holds both. What cannot be read
    is left out: the notice then names the ids."""
    kept = {n.param: n.default.split(",") for n in notices if n.default != NOTHING and not (n.unknown or n.repeated)}
    names: dict[str, str] = {}
    if "areas" in kept:
        try:
            names.update(cache.area_names(gemeente, lang))
        except DataError:  # the gemeente's data is missing: the page says so
            pass
    if "places" in kept:
        names.update(count_area_names(kept["places"], lang))
    if "programs" in kept:
        names.update(program_names(lang))
    return names


def show_notices(lang: str, city: str, gemeente: str, brief: bool = False) -> None:
    """The link's notices, the ids a link kept named (notice_names). `brief`: once, as toasts over the page (the
    presentation, whose slide fills the screen: a notice above it pushed the slide and its buttons below a beamer's
    edge for the rest of the talk)."""
    notices = st.session_state.pop(NOTICES_KEY, []) if brief else st.session_state.get(NOTICES_KEY, [])
    names = notice_names(notices, lang, gemeente)
    for notice in notices:
        (st.toast if brief else st.warning)(notice_text(notice, lang, city, names), icon="⚠️")
    show_fitted()


def _take(name: str, key: str, to_view: Callable[[Any], Any]) -> None:
    """on_change: the widget's new value into the view (runs before the rerun that draws it)."""
    update_view(**{name: to_view(st.session_state[key])})


def bound_widget(name: str, options: Sequence[Any], widget: Callable[..., Any], label: str,
                 format_func: Callable[[Any], str] = str, none_option: Any = None, key: str | None = None,
                 default: Any = None, keep_unoffered: bool = False, **kwargs: Any) -> Any:
    """A select box or radio whose value IS the view's field `name` (widget key `w_<name>` unless given).

    `none_option` stands for "nothing chosen" (the view's None): Streamlit shows a select box value of None as an
    empty placeholder, so a visible option such as "" is used instead. `default` is the option shown while the
    view holds None (it stays None, so a link without the parameter shows it). When the view holds a value the
    options do not offer (the page offers fewer), the default or else the first option is taken into the view, so
    what is drawn is what is shown; with `keep_unoffered` the view keeps it (other pages show it: the map's wijk at
    buurt level, which /profiel and /trends still show) and the page says why the widget shows another. Returns the
    view's field (the default while it holds None).
    """
    key = key or f"w_{name}"
    options = list(options)
    unset = (none_option, default)  # options the view holds as None

    def to_view(value: Any) -> Any:
        return None if value in unset else value

    current = getattr(view(), name)
    shown = (default if default is not None else none_option) if current is None else current
    if shown not in options:
        shown = default if default in options else options[0]
        if not keep_unoffered:
            update_view(**{name: to_view(shown)})
    st.session_state[key] = shown
    widget(label, options=options, format_func=format_func, key=key, on_change=_take, args=(name, key, to_view),
           **kwargs)
    current = getattr(view(), name)
    return default if current is None and default is not None else current


def bound_multiselect(name: str, options: Sequence[str], label: str, format_func: Callable[[Any], str] = str,
                      default: Sequence[str] = (), key: str | None = None, max_selections: int | None = None,
                      **kwargs: Any) -> list[str]:
    """A multiselect whose value is the view's tuple field `name` (comma-separated in the URL).

    An empty view shows `default` (a link without the parameter reproduces it), unless the visitor emptied the
    picker in this gemeente (EMPTIED_KEY); values the options lack are left out of what is drawn, and where it lacks
    them all, `default` is drawn (/trends' indicators chosen for 18+ left an empty picker at 65+, which offers only
    CBS's key figures). At most `max_selections` of the view's values are drawn (0: none), the first ones: what the
    page then shows. Returns what is drawn. Without a `placeholder`, an empty box says "Kies…" in the page's
    language (Streamlit's own is English only). The chosen values wrap onto rows: in a column Streamlit keeps them
    on one line that scrolls sideways, and /vergelijk's area picker showed two of four areas, the third fading out.
    """
    key = key or f"w_{name}"
    kwargs.setdefault("placeholder", t("choose_options", view().lang))
    kwargs.setdefault("wrap", True)
    held = getattr(view(), name)
    emptied = not held and (name, view().gemeente) in st.session_state.get(EMPTIED_KEY, ())
    shown = ([c for c in held if c in options] or [c for c in default if c in options and not emptied]
             )[:max_selections]
    st.session_state[key] = shown
    st.multiselect(label, list(options), format_func=format_func, key=key, on_change=_take_list, args=(name, key),
                   max_selections=max_selections or None, **kwargs)
    return shown


def _take_list(name: str, key: str) -> None:
    """on_change of bound_multiselect: its values into the view, and whether the visitor emptied it."""
    value = tuple(st.session_state[key])
    emptied = st.session_state.setdefault(EMPTIED_KEY, set())
    (emptied.discard if value else emptied.add)((name, view().gemeente))
    update_view(**{name: value})


def bound_range(name: str, low: int, high: int, label: str, key: str | None = None, **kwargs: Any
                ) -> tuple[int, int]:
    """A range slider from `low` to `high` whose value is the view's (first, last) field `name`; None in the view is
    the whole range (a link without the parameter), a stored range is clipped to what is offered. Returns what is
    drawn."""
    key = key or f"w_{name}"
    first, last = getattr(view(), name) or (low, high)
    shown = (min(max(first, low), high), max(min(last, high), low))
    st.session_state[key] = shown
    st.slider(label, low, high, key=key, on_change=_take,
              args=(name, key, lambda value: None if tuple(value) == (low, high) else tuple(value)), **kwargs)
    return shown


def bound_toggle(name: str, label: str, key: str | None = None, **kwargs: Any) -> bool:
    """An on/off switch whose value is the view's bool field `name` (`1`/`0` in the URL)."""
    key = key or f"w_{name}"
    st.session_state[key] = bool(getattr(view(), name))
    st.toggle(label, key=key, on_change=_take, args=(name, key, bool), **kwargs)
    return bool(getattr(view(), name))


def bound_tabs(name: str, labels: Mapping[str, str], key: str | None = None) -> tuple[str, Any]:
    """Tabs whose open tab IS the view's field `name` (`labels`: each tab's id in the view → its label).

    Only the open tab's content is meant to be run: the tabs track their state (an on_change callback), so opening
    another one is a rerun that draws it, and a page of several views sends and draws one. A view holding an id the
    tabs lack opens the first. Returns the open tab's id and its container.
    """
    key = key or f"w_{name}"
    ids = list(labels)
    current = getattr(view(), name)
    if current not in ids:
        current = ids[0]
    by_label = {label: tab_id for tab_id, label in labels.items()}
    st.session_state[key] = labels[current]
    tabs = st.tabs(list(labels.values()), key=key, on_change=_take,
                   args=(name, key, lambda label: by_label.get(label, ids[0])))
    return current, tabs[ids.index(current)]
