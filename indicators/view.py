"""The view in the URL (DESIGN.md contract): parse query parameters safely, write them back.

Unknown or malformed values fall back to defaults with a notice; parsing never raises.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlencode

from indicators.areas import groups as area_groups
from indicators.catalogue import Catalogue
from indicators.codes import AREA_CODE, gemeente_of, sub_level

DEFAULT_INDICATOR = "ervaren_gezondheid_goed_zeer_goed"
LEVELS = ("wijk", "buurt")
AGES = ("18plus", "65plus")
MODES = ("value", "gap_city", "gap_nl")
LANGS = ("nl", "en")
METHODS = ("quantiles", "fisher_jenks", "fixed")  # the map's classification (URL `method`)
MAP_PAGE = ""  # the map's url path (app.py's default page): pages below are named by theirs
# The tabs of each page with tabs (URL `section`; only the open tab is drawn), the first opened without the parameter:
# /vergelijk areas, ranking, gradient; /trends areas (one indicator, several areas), indicators (several indicators,
# one area).
PAGE_SECTIONS = {"vergelijk": ("areas", "ranking", "gradient"), "trends": ("areas", "indicators")}
SECTIONS = tuple(dict.fromkeys(tab for tabs in PAGE_SECTIONS.values() for tab in tabs))
# The parameters only one page reads (`section`: a page's own tabs): written into that page's URL and links only.
# The view keeps them for the session, so the page shows them again when the visitor comes back; written on every
# page, Back from /vergelijk's ranking tab went to /trends?section=ranking.
PAGE_PARAMS = {
    MAP_PAGE: ("method", "focus", "basemap", "program", "reach"),
    "vergelijk": ("x", "y", "groups", "section"),
    "trends": ("section",),
    "presentatie": ("slide", "story"),
    "programmas": ("themes", "programs", "places", "period", "series"),
}
PAGE_ONLY = frozenset(name for names in PAGE_PARAMS.values() for name in names)
SWITCHES = {"1": True, "0": False}  # on/off choices in the URL (`focus`, `basemap`)
MAX_AREAS = 8
MAX_INDICATORS = 8  # /vergelijk: indicators compared side by side (URL `indicators`)
MAX_SLIDE = 999  # /presentatie: the slide number in the URL (`slide`, 1-based)
PROGRAM_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")  # the form of a program id (as programs.validation.PROGRAM_ID)
STORY_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # /presentatie: a saved story (`story`; empty = the default)
MAX_FILTER = 64  # /programmas: ids in one filter of the URL (`themes`, `programs`, `places`)
PERIOD = re.compile(r"(\d{4})-(\d{4})")  # /programmas: the years filter, e.g. `2019-2023`


@dataclass(frozen=True)
class View:
    indicator: str = DEFAULT_INDICATOR
    level: str = "wijk"
    year: int = 2020
    age: str = "18plus"
    area: str | None = None
    areas: tuple[str, ...] = field(default_factory=tuple)
    mode: str = "value"
    lang: str = "nl"
    gemeente: str = "GM0518"
    indicators: tuple[str, ...] = field(default_factory=tuple)  # /vergelijk: comma-separated ids in the URL
    groups: tuple[str, ...] = field(default_factory=tuple)  # /vergelijk: group ids of data/areas.yaml
    slide: int = 1  # /presentatie: the slide shown (1-based), so a link reopens it
    story: str = ""  # /presentatie: id of a saved story; "" is the default story of the Breed Overleg
    method: str = "quantiles"  # the map: classification of the colours
    focus: bool = True  # the map: outlines of the network's focus areas
    basemap: bool = False  # the map: map tiles under the areas (online only)
    x: str = "huishoudens_met_een_laag_inkomen"  # /vergelijk: the gradient's social indicator (horizontal axis)
    y: str = "ervaren_gezondheid_goed_zeer_goed"  # /vergelijk: the gradient's health indicator (vertical axis)
    section: str = "areas"  # /vergelijk, /trends: the open tab (PAGE_SECTIONS; another page's opens the first)
    program: str | None = None  # the map: a program id for the program layer (issue #18)
    reach: bool = False  # the map's program layer: colour by reach per 1,000 residents with the need
    # /programmas: its filters (empty: all) and the program in its series chart (None: GLI, else the first)
    themes: tuple[str, ...] = field(default_factory=tuple)
    programs: tuple[str, ...] = field(default_factory=tuple)
    places: tuple[str, ...] = field(default_factory=tuple)  # CBS codes or area groups (data/areas.yaml)
    period: tuple[int, int] | None = None  # first and last year, `2019-2023` in the URL
    series: str | None = None


NOTHING = "—"  # a Notice's default when the parameter is dropped and nothing takes its place


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored: shown as `notice_bad_param`, or `notice_unknown_param` for a name that is not
    part of the view at all (a mistyped or retired parameter must not be ignored silently), or `notice_repeated_param`
    for a parameter given more than once (all but one of its values are ignored)."""

    param: str
    value: str
    default: str
    unknown: bool = False
    repeated: bool = False  # the link names the parameter more than once: `value` lists them, `default` is the one used
    in_year: int | None = None  # a valid age group without figures of the indicator in this year (65+ before 2020)


FIELDS = tuple(View.__dataclass_fields__)
STREAMLIT_PARAMS = ("embed", "embed_options")  # Streamlit's own query parameters: not ours to judge


def _first(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value).strip()


def single_values(params: Mapping[str, Sequence[str]]) -> tuple[dict[str, str], list[Notice]]:
    """Every parameter with one value (`params`: each name's values, as `st.query_params.get_all` gives them), and a
    notice for each that the link gives more than once. The last value is used, as Streamlit's `to_dict` did, but no
    longer silently (`?gemeente=GM0637&gemeente=GM1783` showed Westland without a word). Streamlit's own parameters
    (`embed_options` may be repeated) are passed through and not judged."""
    single: dict[str, str] = {}
    notices: list[Notice] = []
    for name, values in params.items():
        values = list(values) or [""]
        single[name] = values[-1]
        if len(values) > 1 and name not in STREAMLIT_PARAMS:
            notices.append(Notice(name, ", ".join(values), values[-1], repeated=True))
    return single, notices


def fit_year_age(view: View, cat: Catalogue, keep_age: bool = False) -> tuple[View, list[Notice]]:
    """Make year and age fit the indicator (e.g. KWB has no age groups; 65+ exists only in 2020). The year is kept
    and the age follows it, unless `keep_age` (the reader chose the age): then the year becomes the nearest one with
    figures for that age (65+ from 2016 → 2020), so that what the sidebar shows is what the page draws."""
    notices: list[Notice] = []
    ind = cat.indicator(view.indicator)
    with_age = [y for y in ind.years if any(y in s.years and view.age in s.ages for s in ind.sources)]
    if keep_age and with_age and view.year not in with_age:
        nearest = min(with_age, key=lambda y: (abs(y - view.year), -y))
        notices.append(Notice("year", view.age, str(nearest), in_year=view.year))
        view = replace(view, year=nearest)
    if view.year not in ind.years:
        latest = ind.years[-1]
        notices.append(Notice("year", str(view.year), str(latest)))
        view = replace(view, year=latest)
    ages = ind.ages_in(view.year)
    if view.age not in ages and "all" not in ages:
        notices.append(Notice("age", view.age, ages[0], in_year=view.year))
        view = replace(view, age=ages[0])
    return view, notices


def areas_gemeente(codes: Sequence[str]) -> str | None:
    """The gemeente whose wijken and buurten `codes` are (WK050325 → GM0503), if they are all one's."""
    owners = {gemeente_of(code) for code in codes if sub_level(code)}
    return owners.pop() if len(owners) == 1 else None


def parse_view(params: Mapping[str, object], cat: Catalogue,
               gemeenten: set[str] | None = None, programs: Collection[str] | None = None,
               themes: Collection[str] | None = None) -> tuple[View, list[Notice]]:
    """Query parameters -> a valid View plus a notice for every value that was not understood. `programs` (the
    store's program ids) and `themes` (programs.validation.THEMES) are checked when given, else only the form of
    an id (this layer does not read the program store)."""
    defaults = View()
    values: dict[str, object] = {}
    notices: list[Notice] = []

    def choose(name: str, allowed, fold: Callable[[str], str] = str) -> None:
        if name not in params:
            return
        raw = _first(params[name])
        if fold(raw) in allowed:
            values[name] = fold(raw)
        else:
            notices.append(Notice(name, raw, str(getattr(defaults, name))))

    for name in params:
        if name not in FIELDS and name not in STREAMLIT_PARAMS:
            notices.append(Notice(str(name), _first(params[name]), NOTHING, unknown=True))

    choose("indicator", set(cat.available_ids))
    choose("level", LEVELS)
    choose("age", AGES)
    choose("mode", MODES)
    choose("lang", LANGS)
    choose("method", METHODS)
    choose("x", set(cat.available_ids))
    choose("y", set(cat.available_ids))
    choose("section", SECTIONS)
    for name in ("focus", "basemap", "reach"):
        if name in params:
            raw = _first(params[name])
            if raw in SWITCHES:
                values[name] = SWITCHES[raw]
            else:
                notices.append(Notice(name, raw, "1" if getattr(defaults, name) else "0"))
    if gemeenten is not None:
        choose("gemeente", gemeenten, str.upper)  # a CBS code typed in lower case: gm0503
    if "year" in params:
        raw = _first(params["year"])
        if raw.isdigit() and len(raw) == 4:
            values["year"] = int(raw)
        else:
            notices.append(Notice("year", raw, str(defaults.year)))

    def valid_area(code: str) -> bool:
        return bool(AREA_CODE.fullmatch(code))

    if "area" in params:
        raw = _first(params["area"])
        if valid_area(raw.upper()):
            values["area"] = raw.upper()
        else:
            notices.append(Notice("area", raw, NOTHING))
    if "areas" in params:
        raw = _first(params["areas"])
        codes = [c.strip().upper() for c in raw.split(",") if c.strip()]
        good = [c for c in codes if valid_area(c)]
        if len(good) != len(codes) or len(good) > MAX_AREAS:
            notices.append(Notice("areas", raw, ",".join(good[:MAX_AREAS]) or NOTHING))
        values["areas"] = tuple(dict.fromkeys(good))[:MAX_AREAS]
    if "gemeente" not in params and gemeenten is not None:  # a link of Delft's areas without its gemeente
        owner = areas_gemeente([values.get("area") or "", *values.get("areas", ())])
        if owner in gemeenten:
            values["gemeente"] = owner

    if "slide" in params:
        raw = _first(params["slide"])
        if raw.isdigit() and 1 <= int(raw) <= MAX_SLIDE:
            values["slide"] = int(raw)
        else:
            notices.append(Notice("slide", raw, str(defaults.slide)))
    def known(ids: Collection[str] | None) -> Callable[[str], bool]:
        return lambda i: bool(PROGRAM_ID.fullmatch(i)) and (ids is None or i in ids)

    for name in ("program", "series"):
        if name in params:
            raw = _first(params[name])
            if known(programs)(raw):
                values[name] = raw
            else:
                notices.append(Notice(name, raw, NOTHING))
    for name, ok in (("themes", known(themes)), ("programs", known(programs)),
                     ("places", lambda c: valid_area(c) or c in area_groups())):
        if name in params:
            values[name] = _parse_list(params[name], name, ok, MAX_FILTER, notices)
    if "period" in params:
        raw = _first(params["period"])
        match = PERIOD.fullmatch(raw)
        if match and int(match[1]) <= int(match[2]):
            values["period"] = (int(match[1]), int(match[2]))
        else:
            notices.append(Notice("period", raw, NOTHING))
    if "story" in params:
        raw = _first(params["story"])
        if STORY_ID.fullmatch(raw):
            values["story"] = raw
        else:
            notices.append(Notice("story", raw, NOTHING))

    if "indicators" in params:
        values["indicators"] = _parse_list(params["indicators"], "indicators", set(cat.available_ids).__contains__,
                                           MAX_INDICATORS, notices)
    if "groups" in params:
        values["groups"] = _parse_list(params["groups"], "groups", set(area_groups()).__contains__, MAX_AREAS,
                                       notices)

    view = replace(defaults, **values)
    view, fit_notices = fit_year_age(view, cat)
    # A default that does not fit the indicator is silently adjusted; only a value from the link gets a notice.
    return view, notices + [n for n in fit_notices if n.param in params]


def _parse_list(value: object, name: str, allowed: Callable[[str], bool], limit: int, notices: list[Notice]
                ) -> tuple[str, ...]:
    """A comma-separated list of known ids: unknown ids and ids past `limit` are dropped with one notice."""
    raw = _first(value)
    items = list(dict.fromkeys(i.strip() for i in raw.split(",") if i.strip()))
    good = [i for i in items if allowed(i)]
    if len(good) != len(items) or len(good) > limit:
        notices.append(Notice(name, raw, ",".join(good[:limit]) or NOTHING))
    return tuple(good[:limit])


def drop_unknown_areas(view: View, known: set[str], groups: Mapping[str, Collection[str]] | None = None
                       ) -> tuple[View, list[Notice]]:
    """Well-formed codes that are not areas of the view's gemeente are dropped with a notice; so are, given `groups`
    (group id -> member codes), the groups with a member outside it. Kept, such a group was named as shown by the
    link's notice, then left out by /vergelijk with a second warning, and stayed in the link for every reload."""
    notices = []
    if groups is not None:
        fitting = tuple(g for g in view.groups if g in groups and set(groups[g]) <= known)
        if fitting != view.groups:
            notices.append(Notice("groups", ",".join(view.groups), ",".join(fitting) or NOTHING))
            view = replace(view, groups=fitting)
    area = view.area
    if area is not None and area not in known:
        notices.append(Notice("area", area, NOTHING))
        area = None
    areas = tuple(c for c in view.areas if c in known)
    if areas != view.areas:
        notices.append(Notice("areas", ",".join(view.areas), ",".join(areas) or NOTHING))
    return replace(view, area=area, areas=areas), notices


def for_gemeente(view: View, known: set[str], groups: Mapping[str, Collection[str]]) -> View:
    """The view after a switch to another gemeente (`known`: its area codes, `groups`: group id -> member codes):
    the chosen areas and the groups it lacks are left out. Kept, they were drawn nowhere, yet stayed in the link,
    so a link copied there greeted its reader with notices about areas the sender never saw."""
    return drop_unknown_areas(view, known, groups)[0]


def merged_notices(first: list[Notice], later: list[Notice]) -> list[Notice]:
    """One notice per parameter: when a later check drops more of a value the link's parse already corrected (a
    malformed code, then a code of another gemeente), the notice keeps the link's value and says what is left."""
    later_by_param = {n.param: n for n in later}
    merged = [replace(n, default=later_by_param.pop(n.param).default) if n.param in later_by_param else n
              for n in first]
    return merged + list(later_by_param.values())


def trend_opening(area: str | None, choices: Collection[str], opening: Sequence[str]) -> tuple[str, ...]:
    """The areas /trends draws while the view holds none (a visitor from the sidebar, a link without `areas`): the
    area chosen on the map or the profile (the view's `area`), else the wijken /vergelijk opens with (`opening`),
    so the two pages that share `areas` open alike. The city and NL are drawn beside them in every case."""
    return (area,) if area in choices else tuple(opening)


def fit_section(view: View, page: str) -> tuple[View, list[Notice]]:
    """The link's `section` on `page` (its url path): a tab of another page (`/trends?section=ranking`) opens the
    page's first, with a notice, as any value the page cannot use; a page without tabs leaves it."""
    tabs = PAGE_SECTIONS.get(page)
    if tabs is None or view.section in tabs:
        return view, []
    return replace(view, section=tabs[0]), [Notice("section", view.section, tabs[0])]


def page_reads(page: str, name: str, value: str) -> bool:
    """Whether the URL of `page` (its url path) holds the parameter: every page the shared ones, a page its own
    (PAGE_PARAMS), and `section` only as one of the page's tabs."""
    if name not in PAGE_ONLY:
        return True
    return name in PAGE_PARAMS.get(page, ()) and (name != "section" or value in PAGE_SECTIONS[page])


def url_params(view: View, page: str) -> dict[str, str]:
    """The view as the app writes it into the URL of `page` (its url path, MAP_PAGE for the map) and into every
    link to it (view_link): the shared parameters and the page's own (page_reads). A difference map's link names no
    classification (its classes are fixed, geo.classify.gap_classes; the view keeps the method for the values' map)."""
    if view.mode != "value":
        view = replace(view, method=View().method)
    return {name: value for name, value in view_to_params(view).items() if page_reads(page, name, value)}


def view_link(page: str, view: View, anchor: str = "", base: str = "") -> str:
    """`/profiel?level=buurt&area=BU06290101&lang=en&gemeente=GM0629`: the link that opens `page` (its url_path; ""
    is the map) on `view`, as that page would write its own URL after a click. Every link from one page to another is
    built here: the map's profile link once left out the gemeente and the level, and opened in a new tab it showed
    The Hague with a notice instead of a buurt of Wassenaar."""
    query = urlencode(url_params(view, page))
    return f"{base}/{page}" + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def view_to_params(view: View) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short; the lists are comma-separated."""
    defaults = asdict(View())
    params: dict[str, str] = {}
    for name, value in asdict(view).items():
        if value == defaults[name] or value in (None, ()):
            continue
        if isinstance(value, bool):
            params[name] = "1" if value else "0"
        elif name == "period":
            params[name] = "-".join(map(str, value))
        else:
            params[name] = ",".join(value) if isinstance(value, tuple) else str(value)
    return params
