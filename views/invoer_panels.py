"""The pieces of the data-entry page (/invoer): add one count, upload a file, the history of every count with
corrections and undo, and (admins) the export of the whole store.

Every write is one transaction through programs.store; every check goes through programs.upload.check_values
(the rules of programs.validation). A correction states the version the editor saw: if someone saved in
between, the editor is told who changed it and nothing is overwritten. The helpers without widgets
(`area_options`, `history_table`, `export_frames`, ...) are testable without a server.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from texts.tables import to_csv_bytes, to_excel_bytes
from indicators.areas import groups_in
from programs import drafts, store
from programs.db import retry_locked, write
from programs.table import area_name, period_text, value_text
from programs.upload import (
    COLUMNS,
    MB,
    REQUIRED,
    Clash,
    Known,
    ParsedUpload,
    Problem,
    UploadNotValid,
    area_label,
    check_values,
    error_text,
    field_label,
    form_message,
    import_upload,
    max_upload_bytes,
    parse_upload,
    preview_frame,
    template_csv,
    template_xlsx,
)
from programs.users import Account, list_users
from programs.validation import COUNT_KINDS, QUALIFIERS, THEMES, UNITS, FieldError, field_errors, whole_programs
from indicators.catalogue import catalogue
from ui.safe_text import escape_markdown, literal_cells
from ui import cache
from ui.context import relabelled
from texts.i18n import counted, fmt_number, messages, t
from ui.store import XLSX_MIME, count_area_names, program_names, sessions
from ui.widgets import file_uploader
from views import invoer_draft as drafts_ui

FORM_REASON = "entry form"
MAX_PROBLEMS_SHOWN = 1000
MAX_PROBLEMS_AS_TEXT = 50
MAX_PREVIEW_ROWS = 200
MAX_ROWS_LISTED = 20  # rows named in a warning about duplicates or other numbers
MAX_HISTORY_OPTIONS = 500
# The program form's text fields, two a row: names, units for any count, units for a count of exactly one
PROGRAM_TEXT_FIELDS = ("name_nl", "name_en", "unit_label_nl", "unit_label_en", "unit_label_one_nl",
                       "unit_label_one_en")
UPLOAD_FLASH_KEY = "entry_upload_flash"  # a message for the upload tab (an import, an upload undone)
HISTORY_FLASH_KEY = "entry_history_flash"  # for the history tab (a correction, a change undone)
PARSED_KEY = "entry_parsed"
NONCE_KEY = "entry_upload_nonce"
HISTORY_KEY = "entry_history_count"
FORM_OUTCOME_KEY = "entry_form_outcome"
MAX_UPLOADS_SHOWN = 10
PROGRAM_KEY = "entry_admin_program"
PROGRAM_FLASH_KEY = "entry_program_flash"
NEW_PROGRAM = "__new__"


# --- helpers without widgets ---------------------------------------------------------------------------------

def area_codes_and_names(gemeente: str) -> dict[str, str]:
    """CBS code -> name of the gemeente, its wijken and its buurten (from the boundary data)."""
    names = {gemeente: cache.city_name(gemeente, "nl")}
    for level in ("wijk", "buurt"):
        frame = cache.areas(gemeente, level)
        names.update(zip(frame["code"], frame["name"]))
    return names


def area_options(gemeente: str, lang: str) -> dict[str, str]:
    """What the area picker offers, in order: the gemeente, the groups it or its areas are in (Delft's list offered
    Den Haag Zuidwest), the wijken, the buurten ('Moerwijk (wijk)')."""
    names = area_codes_and_names(gemeente)
    options = {gemeente: area_label(gemeente, cache.city_name(gemeente, lang), "gemeente", lang)}
    for gid, group in sorted(groups_in(gemeente).items(), key=lambda g: g[1]["name"][lang]):
        options[gid] = area_label(gid, group["name"][lang], "group", lang)
    for prefix in ("WK", "BU"):
        for code, name in sorted(((c, n) for c, n in names.items() if c.startswith(prefix)), key=lambda cn: cn[1]):
            options[code] = area_label(code, name, None, lang)
    return options


def known_for(session: Session, gemeente: str) -> Known:
    """What entries are checked against: the store's programs and counts, the gemeente's areas."""
    programs = store.list_programs(session)
    return Known.build({p.id: [p.name_nl, p.name_en] for p in programs.itertuples()},
                       area_codes_and_names(gemeente), store.count_keys(session),
                       whole=whole_programs(programs.itertuples()))  # a program added here is checked too


def _show(field: str, value: Any, lang: str, names: Mapping[str, str]) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if field == "retracted":
        return t("entry_history_retracted" if value else "entry_history_valid", lang)
    if field == "area":
        return area_name(str(value), lang, names)
    if field == "program":  # by its name, as the area: not its id 'welzijn_op_recept'
        return program_names(lang).get(str(value), str(value))
    if field == "qualifier":
        return t(f"prog_qualifier_{value}", lang)
    if isinstance(value, float):
        return fmt_number(value, lang, 0 if value.is_integer() else 2)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return str(value)


def change_text(changes: Mapping[str, tuple[Any, Any]], lang: str, names: Mapping[str, str]) -> str:
    """'Aantal: 5.000 → 5.100; Bron: a → b'."""
    parts = []
    for field, (old, new) in changes.items():
        label = t("entry_change_retracted", lang) if field == "retracted" else field_label(field, lang)
        parts.append(t("entry_change", lang, field=label, old=_show(field, old, lang, names),
                       new=_show(field, new, lang, names)))
    return "; ".join(parts)


def _utc(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if pd.notna(value) else ""


# The reasons the app stores itself when an editor gives none (kept in English in the store): shown in the page's
# language; a reason an editor typed is shown as typed.
STORED_REASONS = {FORM_REASON: "entry_reason_form", "retracted": "entry_reason_retracted",
                  "correction": "entry_reason_correction", "new program": "entry_reason_new_program",
                  "edit": "entry_reason_edit"}
UPLOAD_REASON = "upload: "  # programs.upload.import_upload's reason: 'upload: <file name>'
# programs.store's undo reasons: 'undo: revision 3' (undo_change), 'undo upload #4: upload: <file name>'
# (undo_upload, with the upload's label)
UNDO_REASONS = {re.compile(rf"^{store.UNDO_REASON}: revision (?P<revision>\d+)$"): "entry_reason_undo",
                re.compile(rf"^{store.UNDO_REASON} upload #(?P<id>\d+): (?:{UPLOAD_REASON})?(?P<file>.*)$",
                           re.DOTALL): "entry_reason_undo_upload"}


def reason_text(reason: str, lang: str) -> str:
    if reason in STORED_REASONS:
        return t(STORED_REASONS[reason], lang)
    if reason.startswith(UPLOAD_REASON):
        return t("entry_reason_upload", lang, file=reason.removeprefix(UPLOAD_REASON))
    for pattern, key in UNDO_REASONS.items():
        if match := pattern.match(reason):
            return t(key, lang, **match.groupdict())
    return reason


def history_table(hist: pd.DataFrame, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """A count's revisions, newest first: revision, who, when (UTC), what changed (old → new), why."""
    changes = store.revision_changes(hist)
    frame = pd.DataFrame({
        t("entry_history_col_revision", lang): hist["revision"].astype(int).tolist(),
        t("entry_history_col_who", lang): hist["changed_by"].tolist(),
        t("entry_history_col_when", lang): [_utc(v) for v in hist["changed_at"]],
        t("entry_history_col_change", lang): [change_text(c, lang, names) for c in changes],
        t("entry_history_col_reason", lang): [reason_text(str(r or ""), lang) for r in hist["reason"]],
    })
    return frame.iloc[::-1].reset_index(drop=True)


def count_label(row: Any, lang: str, names: Mapping[str, str]) -> str:
    return t("entry_history_option", lang, id=row.count_id, program=getattr(row, f"name_{lang}"),
             area=area_name(row.area, lang, names), period=period_text(row.period_start, row.period_end, lang),
             value=value_text(row.value_low, row.value_high, row.qualifier, "other", row.area, lang),
             retracted=t("entry_history_option_retracted", lang) if row.retracted else "")


def problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Row, column, message: the whole file / the whole row said in words."""
    return pd.DataFrame({
        t("entry_upload_problem_row", lang): [str(p.row) if p.row else t("entry_upload_whole_file", lang)
                                              for p in problems],
        t("entry_upload_problem_column", lang): [p.column or (t("entry_upload_whole_row", lang) if p.row else "")
                                                 for p in problems],
        t("entry_upload_problem_message", lang): [p.message for p in problems],
    })


def preview_table(parsed: ParsedUpload, lang: str, limit: int = MAX_PREVIEW_ROWS) -> pd.DataFrame:
    """The valid rows as the editor typed them (programs.upload.preview_frame)."""
    return preview_frame(parsed, COLUMNS, lang, limit)


def listed(items: Sequence[str], limit: int = MAX_ROWS_LISTED) -> str:
    """'2, 4, 7': the first `limit` items, and '…' when there are more."""
    return ", ".join(items[:limit]) + ("…" if len(items) > limit else "")


def clash_text(clash: Clash, lang: str) -> str:
    """'rij 3 (telling #41)', 'rij 5 (rij 3 van dit bestand)': a row and the stored count or earlier row it meets."""
    if clash.count_id is not None:
        return t("entry_upload_clash_count", lang, row=clash.row, id=clash.count_id)
    return t("entry_upload_clash_row", lang, row=clash.row, of=clash.of_row)


def columns_help(lang: str) -> pd.DataFrame:
    yes, no = t("entry_yes", lang), t("entry_no", lang)
    return pd.DataFrame({t("entry_col_column", lang): list(COLUMNS),
                         t("entry_col_meaning", lang): [field_label(c, lang) for c in COLUMNS],
                         t("entry_col_required", lang): [yes if c in REQUIRED else no for c in COLUMNS]})


def _text_times(frame: pd.DataFrame) -> pd.DataFrame:
    """Aware timestamps as 'YYYY-MM-DD HH:MM:SS' UTC text (Excel has no time zones)."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = [v.strftime("%Y-%m-%d %H:%M:%S") if pd.notna(v) else "" for v in out[column]]
    return out


def export_frames(session: Session) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole store for an admin: every count (retracted too) and every revision (the audit trail)."""
    counts = store.list_counts(session, store.CountFilter(include_retracted=True))
    return _text_times(counts), _text_times(store.audit_trail(session))


# --- widgets -------------------------------------------------------------------------------------------------

def _flash(kind: str, text: str, key: str) -> None:
    """A message for the next run (after st.rerun), under the key of the tab whose action it tells of: each tab
    shows (and takes) its own, so it shows where the editor clicked."""
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    kind, text = st.session_state.pop(key, (None, None))
    if kind:
        getattr(st, kind)(text)


def _store_error(exc: Exception, lang: str) -> None:
    st.error(t("entry_store_error", lang, error=type(exc).__name__))


def form_panel(user: Account, lang: str, gemeente: str) -> None:
    """One count: program, area, period, value or range, precision, source, note. Plain widgets drawn from the
    account's draft (views.invoer_draft), so what is typed survives a reload; saving checks and stores it as
    before and clears the draft."""
    st.subheader(t("entry_form_header", lang))
    try:
        with sessions()() as session:
            programs = store.list_programs(session)
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    names = dict(zip(programs["id"], programs[f"name_{lang}"]))
    options = area_options(gemeente, lang)
    today = dt.date.today()
    draft = drafts_ui.current(user.name, today)
    if draft.restored_at is not None:
        st.caption(t("entry_draft_restored", lang, when=_utc(draft.restored_at)))
    changed = {"on_change": drafts_ui.changed, "args": (user.name,)}
    left, right = st.columns(2)
    left.selectbox(field_label("program", lang), list(names), format_func=names.get,
                   placeholder=t("entry_form_program_placeholder", lang), key=drafts_ui.bind("program", list(names)),
                   index=None, **changed)
    right.selectbox(field_label("area", lang), list(options), format_func=options.get, index=None,
                    placeholder=t("entry_form_area_placeholder", lang), key=drafts_ui.bind("area", list(options)),
                    **changed)
    # the period, then the number: five fields in one row cut the dates' days and the precision's words at a
    # 1024 px beamer with the sidebar open
    period = st.columns(2)
    for col, name in zip(period, drafts_ui.DATES):
        col.date_input(field_label(name, lang), key=drafts_ui.bind(name), **drafts_ui.PICKER_RANGE, format="YYYY-MM-DD",
                       **changed)
    end = drafts_ui.typed()["period_end"]
    # a count so far: said, not refused (as in an upload); a year past next is refused on saving, not asked about
    if isinstance(end, dt.date) and today < end and end.year <= today.year + 1:
        st.info(t("entry_form_period_running", lang, end=end.isoformat()), icon="ℹ️")
    cols = st.columns(3)
    cols[0].number_input(field_label("value_low", lang), value=None, step=1.0, format="%g",
                         key=drafts_ui.bind("value_low"), **changed)
    cols[1].number_input(field_label("value_high", lang), value=None, step=1.0, format="%g",
                         help=t("entry_form_high_help", lang), key=drafts_ui.bind("value_high"), **changed)
    cols[2].selectbox(field_label("qualifier", lang), QUALIFIERS, key=drafts_ui.bind("qualifier", list(QUALIFIERS)),
                      format_func=lambda q: t(f"prog_qualifier_{q}", lang), **changed)
    st.text_input(field_label("source", lang), help=t("entry_form_source_help", lang), max_chars=500,
                  key=drafts_ui.bind("source"), **changed)
    st.text_area(field_label(f"note_{lang}", lang), key=drafts_ui.bind("note"), height=80, max_chars=2000, **changed)
    st.checkbox(t("entry_form_duplicate_ok", lang), key=drafts_ui.bind("duplicate_ok"), **changed)
    buttons = st.container(horizontal=True)  # each button as wide as its label (columns cut it on a beamer)
    buttons.button(t("entry_form_submit", lang), type="primary", key="entry_add_save", on_click=_save_form,
                    args=(user, lang, gemeente))
    buttons.button(t("entry_form_clear", lang), key="entry_add_clear", on_click=drafts_ui.clear,
                     args=(user.name, today))
    if not draft.stored:
        st.warning(t("entry_draft_not_stored", lang))
    _form_outcome(lang)


def _save_form(user: Account, lang: str, gemeente: str) -> None:
    """on_click of 'save': check and store the count as the form shows it (same checks, duplicate handling and
    messages as ever); a saved count clears the draft in the same transaction. The outcome is shown by
    `_form_outcome` in the run that follows."""
    shown = drafts_ui.typed()
    values = {name: shown[name] for name in ("program", "area", "period_start", "period_end", "value_low",
                                             "value_high", "qualifier", "source")}
    values[f"note_{lang}"] = shown["note"]

    def save(session: Session) -> tuple[str, Any]:
        known = known_for(session, gemeente)
        count, problems = check_values(values, known, lang)
        if problems:
            return "invalid", problems
        key = store.key_of(count)
        if not shown["duplicate_ok"]:
            if key in known.existing:
                return "duplicate", known.existing[key]
            same_period = store.other_number(key, known.existing, store.period_index(known.existing))
            if same_period is not None:  # another number: a correction?
                return "same_period", same_period
        count_id = store.add_count(session, count, user.name, FORM_REASON, areas=known.areas).id
        drafts.clear_draft(session, user.name)
        return "saved", count_id

    try:
        st.session_state[FORM_OUTCOME_KEY] = write(sessions(), save)
    except (SQLAlchemyError, ValidationError) as exc:
        st.session_state[FORM_OUTCOME_KEY] = ("error", exc)
        return
    if st.session_state[FORM_OUTCOME_KEY][0] == "saved":
        drafts_ui.clear_saved(dt.date.today())
        st.session_state[HISTORY_KEY] = st.session_state[FORM_OUTCOME_KEY][1]  # the history tab opens the new count


def _form_outcome(lang: str) -> None:
    outcome, detail = st.session_state.pop(FORM_OUTCOME_KEY, (None, None))
    if outcome == "error":
        _store_error(detail, lang)
    elif outcome == "invalid":
        st.error(t("entry_form_invalid", lang) + "\n\n" + "\n".join(f"- {escape_markdown(form_message(p, lang))}"
                                                                    for p in detail))
    elif outcome in ("duplicate", "same_period"):
        st.warning(t(f"entry_form_{outcome}", lang, id=detail))
    elif outcome == "saved":
        st.success(t("entry_form_saved", lang, id=detail))


def _parsed(file: Any, lang: str, gemeente: str) -> tuple[ParsedUpload, frozenset[str]] | None:
    """Parse once per uploaded file (and language); the result stays in the session for the confirm step."""
    cached = st.session_state.get(PARSED_KEY)
    if cached and cached[0] == (file.file_id, lang):
        return cached[1], cached[2]
    try:
        with sessions()() as session:
            known = known_for(session, gemeente)
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return None
    parsed = parse_upload(file, file.name, known, lang, size=file.size)
    st.session_state[PARSED_KEY] = ((file.file_id, lang), parsed, known.areas)
    return parsed, known.areas


def upload_panel(user: Account, lang: str, gemeente: str) -> None:
    """A file of counts: template, check every row, problems by row and column, confirm, one transaction."""
    st.subheader(t("entry_upload_header", lang))
    st.caption(t("entry_upload_intro", lang, max=max_upload_bytes() // MB))
    templates = st.container(horizontal=True)
    templates.download_button(t("entry_template_csv", lang), template_csv(lang),
                              file_name=f"{t('file_template', lang)}.csv", mime="text/csv", key="entry_template_csv",
                              on_click="ignore", icon=":material/download:")
    try:  # the template's second sheet lists the valid programs and areas
        with sessions()() as session:
            programs = store.list_programs(session)
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    template = template_xlsx(lang, dict(zip(programs["id"], programs[f"name_{lang}"])), area_options(gemeente, lang))
    templates.download_button(t("entry_template_xlsx", lang), template, file_name=f"{t('file_template', lang)}.xlsx",
                          mime=XLSX_MIME, key="entry_template_xlsx", on_click="ignore", icon=":material/download:")
    with st.expander(t("entry_upload_columns", lang)):
        st.dataframe(columns_help(lang), hide_index=True)
        st.caption(t("entry_upload_columns_note", lang))
    show_flash(UPLOAD_FLASH_KEY)
    uploads_panel(user, lang)
    nonce = st.session_state.setdefault(NONCE_KEY, 0)
    file = file_uploader(t("entry_upload_label", lang), f"entry_upload_{nonce}", max_upload_bytes() // MB, lang)
    if file is None:
        st.session_state.pop(PARSED_KEY, None)
        return
    result = _parsed(file, lang, gemeente)
    if result is None:
        return
    parsed, areas = result
    for notice in parsed.notices:  # e.g. the sheets of a workbook that were not read; names are the editor's
        st.warning(escape_markdown(notice))
    if not parsed.ok:
        problems = parsed.problems
        st.error(counted("entry_upload_problems", len(problems), lang, file=escape_markdown(parsed.filename)))
        table = problem_table(problems[:MAX_PROBLEMS_SHOWN], lang)
        if len(table) <= MAX_PROBLEMS_AS_TEXT:  # a short list as a plain table: readable, copyable, screen readers
            st.table(literal_cells(table).set_index(table.columns[0]))  # st.table renders markdown
        else:
            st.dataframe(table, hide_index=True, key="entry_problems")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            st.caption(t("entry_upload_more", lang, shown=MAX_PROBLEMS_SHOWN, n=len(problems)))
        return
    st.success(counted("entry_upload_ready", len(parsed.rows), lang))
    st.dataframe(preview_table(parsed, lang), hide_index=True, key="entry_preview")
    if len(parsed.rows) > MAX_PREVIEW_ROWS:
        st.caption(t("entry_upload_preview_more", lang, shown=MAX_PREVIEW_ROWS, n=len(parsed.rows)))
    skip, add_same = True, False
    if parsed.duplicates:
        st.warning(counted("entry_upload_duplicates", len(parsed.duplicates), lang,
                            rows=listed([str(d.row) for d in parsed.duplicates])))
        skip = st.checkbox(counted("entry_upload_skip", len(parsed.duplicates), lang), value=True,
                           key="entry_upload_skip")
    if parsed.same_period:
        st.warning(counted("entry_upload_same_period", len(parsed.same_period), lang,
                            rows=listed([clash_text(c, lang) for c in parsed.same_period]),
                            tab=t("entry_tab_history", lang), section=t("entry_correct_header", lang)))
        add_same = st.checkbox(counted("entry_upload_add_same", len(parsed.same_period), lang), value=False,
                               key="entry_upload_add_same")
    if st.button(t("entry_upload_confirm", lang), type="primary", key="entry_upload_confirm"):
        try:
            done = retry_locked(lambda: import_upload(sessions(), parsed, user.name, skip_duplicates=skip,
                                                      areas=areas, add_same_period=add_same))
        except (SQLAlchemyError, ValidationError, UploadNotValid) as exc:
            st.error(t("entry_upload_failed", lang, error=type(exc).__name__))
            return
        saved = counted("entry_upload_done", len(done.ids), lang, file=escape_markdown(parsed.filename))
        skipped = f" {counted('entry_upload_skipped', done.skipped, lang)}" if done.skipped else ""
        left_out = f" {counted('entry_upload_left_out', done.left_out, lang)}" if done.left_out else ""
        _flash("success", saved + skipped + left_out, UPLOAD_FLASH_KEY)
        st.session_state[NONCE_KEY] = nonce + 1  # a new, empty uploader: the same file cannot go in twice
        st.session_state.pop(PARSED_KEY, None)
        st.rerun()


def uploads_panel(user: Account, lang: str) -> None:
    """The editor's recent uploads (an admin's: everyone's), each undone in one step: all its counts retracted."""
    try:
        with sessions()() as session:
            uploads = store.list_uploads(session, None if user.can("admin") else user.name, MAX_UPLOADS_SHOWN)
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    uploads = uploads[uploads["undone_at"].isna()]
    if uploads.empty:
        return
    with st.expander(t("entry_uploads_header", lang)):
        st.caption(t("entry_uploads_intro", lang))
        for row in uploads.itertuples():
            left, right = st.columns([3, 1], vertical_alignment="center")
            label = row.label.removeprefix(UPLOAD_REASON)
            left.markdown(t("entry_uploads_row", lang, id=row.upload_id, label=escape_markdown(label, 120),
                            n=row.rows, who=escape_markdown(row.created_by), when=_utc(row.created_at)))
            if right.button(t("entry_uploads_undo", lang), key=f"entry_undo_upload_{row.upload_id}",
                            icon=":material/undo:"):
                _undo_upload(user, int(row.upload_id), lang)


def _undo_upload(user: Account, upload_id: int, lang: str) -> None:
    try:
        n = write(sessions(), lambda session: store.undo_upload(session, upload_id, user.name, user.can("admin")))
    except store.UploadChanged as exc:
        st.error(t("entry_uploads_changed", lang, id=upload_id, counts=", ".join(f"#{i}" for i in exc.count_ids[:20])))
        return
    except store.NothingToUndo:
        st.info(t("entry_uploads_nothing", lang, id=upload_id))
        return
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    _flash("success", t("entry_uploads_done", lang, id=upload_id, n=n), UPLOAD_FLASH_KEY)
    st.rerun()


def _conflict(exc: store.VersionConflict, lang: str) -> None:
    with sessions()() as session:
        now = store.get_count(session, exc.count_id)
        who, when = now.changed_by, _utc(pd.Timestamp(now.changed_at))
    st.error(t("entry_conflict", lang, who=escape_markdown(who), when=when))


def _undo(user: Account, count_id: int, expected: int, lang: str) -> None:
    try:
        version = write(sessions(), lambda session: store.undo_change(session, count_id, user.name, expected).version)
    except store.VersionConflict as exc:
        _conflict(exc, lang)
        return
    except store.NothingToUndo:
        st.info(t("entry_undo_nothing", lang))
        return
    st.session_state[f"entry_seen_{count_id}"] = version
    _flash("success", t("entry_undo_done", lang, id=count_id, revision=version), HISTORY_FLASH_KEY)
    st.rerun()


def history_panel(user: Account, lang: str, gemeente: str) -> None:
    """Every count's revisions; correct or retract a count; undo one's own last change."""
    st.subheader(t("entry_history_header", lang))
    st.caption(t("entry_history_intro", lang))
    show_flash(HISTORY_FLASH_KEY)
    try:
        with sessions()() as session:
            last = store.last_change_by(session, user.name)
            last = (last.count_id, last.revision, _utc(pd.Timestamp(last.changed_at))) if last else None
            frame = store.list_counts(session, store.CountFilter(include_retracted=True))
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    names = count_area_names([gemeente, *frame["area"]], lang)  # each count by its own gemeente's names
    if last:
        st.info(t("entry_last_change", lang, id=last[0], revision=last[1], when=last[2]))
        if st.button(t("entry_undo", lang), key="entry_undo_last", help=t("entry_undo_help", lang),
                     icon=":material/undo:"):
            _undo(user, last[0], last[1], lang)
    if frame.empty:
        st.info(t("entry_history_none", lang))
        return
    frame = frame.sort_values(["changed_at", "count_id"], ascending=False).head(MAX_HISTORY_OPTIONS)
    labels = {int(r.count_id): count_label(r, lang, names) for r in frame.itertuples()}
    count_id = st.selectbox(t("entry_history_pick", lang), list(labels), format_func=labels.get,
                            key=relabelled(HISTORY_KEY))
    if count_id is not None:
        count_detail(user, int(count_id), lang, gemeente, names)


def count_detail(user: Account, count_id: int, lang: str, gemeente: str, names: Mapping[str, str]) -> None:
    """One count: its history, and a correction form based on the version the editor opened."""
    seen_key = f"entry_seen_{count_id}"
    with sessions()() as session:
        current = store.get_count(session, count_id)
        hist = store.history(session, count_id)
        undoable = store.can_undo(session, count_id, user.name)
        version, changed_by, changed_at = current.version, current.changed_by, current.changed_at
        retracted = current.retracted
    seen = min(st.session_state.setdefault(seen_key, version), version)
    st.dataframe(history_table(hist, lang, names), hide_index=True, key=f"entry_history_{count_id}")
    if retracted:
        st.caption(t("entry_retracted_note", lang))
    if version != seen:
        st.warning(t("entry_changed_since", lang, who=escape_markdown(changed_by),
                     when=_utc(pd.Timestamp(changed_at))))
        if st.button(t("entry_reload", lang), key=f"entry_reload_{count_id}", icon=":material/refresh:"):
            st.session_state[seen_key] = version
            st.rerun()
    elif undoable and st.button(t("entry_undo_this", lang), key=f"entry_undo_{count_id}",
                                help=t("entry_undo_help", lang), icon=":material/undo:"):
        _undo(user, count_id, seen, lang)
    correct_form(user, count_id, hist[hist["revision"] == seen].iloc[0], seen, lang, gemeente)


def correct_form(user: Account, count_id: int, shown: pd.Series, seen: int, lang: str, gemeente: str) -> None:
    """The values of the version the editor opened; saving states that version (optimistic check)."""
    st.markdown(f"**{t('entry_correct_header', lang)}**")
    options = area_options(gemeente, lang)
    if shown["area"] not in options:
        options[shown["area"]] = area_name(shown["area"], lang, {})
    prefix = f"entry_edit_{count_id}_{seen}"
    note_field = f"note_{lang}"
    with st.form(f"entry_correct_{count_id}"):
        cols = st.columns(3)
        area = cols[0].selectbox(field_label("area", lang), list(options), index=list(options).index(shown["area"]),
                                 format_func=options.get, key=relabelled(f"{prefix}_area"))
        start, end = (col.date_input(field_label(name, lang), value=shown[name], **drafts_ui.PICKER_RANGE,
                                     format="YYYY-MM-DD", key=f"{prefix}_{name.removeprefix('period_')}")
                      for col, name in zip(cols[1:], drafts_ui.DATES))
        cols = st.columns(3)
        low = cols[0].number_input(field_label("value_low", lang), value=float(shown["value_low"]), step=1.0,
                                   format="%g", key=f"{prefix}_low")
        high_value = None if shown["value_high"] == shown["value_low"] else float(shown["value_high"])
        high = cols[1].number_input(field_label("value_high", lang), value=high_value, step=1.0, format="%g",
                                    help=t("entry_form_high_help", lang), key=f"{prefix}_high")
        qualifier = cols[2].selectbox(field_label("qualifier", lang), QUALIFIERS,
                                      index=QUALIFIERS.index(shown["qualifier"]), key=relabelled(f"{prefix}_qualifier"),
                                      format_func=lambda q: t(f"prog_qualifier_{q}", lang))
        source = st.text_input(field_label("source", lang), value=shown["source"], max_chars=500,
                               key=f"{prefix}_source")
        note_value = shown[note_field] if isinstance(shown[note_field], str) else ""
        note = st.text_area(field_label(note_field, lang), value=note_value, height=80, key=f"{prefix}_note")
        reason = st.text_input(t("entry_correct_reason", lang), max_chars=500, key=f"{prefix}_reason")
        buttons = st.container(horizontal=True)
        save = buttons.form_submit_button(t("entry_correct_submit", lang), type="primary")
        retract = buttons.form_submit_button(t("entry_retract", lang), disabled=bool(shown["retracted"]))
    if not (save or retract):
        return

    def change(session: Session) -> tuple[str, Any]:
        if retract:
            count = store.retract_count(session, count_id, user.name, seen, reason or "retracted")
            return "done", (count.version, t("entry_retract_done", lang, id=count_id, version=count.version))
        known = known_for(session, gemeente)
        values = {"program": shown["program"], "area": area, "period_start": start, "period_end": end,
                  "value_low": low, "value_high": high, "qualifier": qualifier, "source": source, note_field: note}
        checked, problems = check_values(values, known, lang)
        if problems:
            return "invalid", problems
        changes = {k: getattr(checked, k) for k in values}
        count = store.correct_count(session, count_id, changes, user.name, seen, reason or "correction",
                                    areas=known.areas)
        if count.version == seen:
            return "nochange", None
        return "done", (count.version, t("entry_correct_saved", lang, id=count_id, version=count.version))

    try:
        outcome, detail = write(sessions(), change)
    except store.VersionConflict as exc:
        _conflict(exc, lang)
        return
    except (SQLAlchemyError, ValidationError) as exc:
        _store_error(exc, lang)
        return
    if outcome == "invalid":
        st.error(t("entry_form_invalid", lang) + "\n\n" + "\n".join(f"- {escape_markdown(form_message(p, lang))}" for p in detail))
        return
    if outcome == "nochange":
        st.info(t("entry_correct_nochange", lang))
        return
    version, message = detail
    st.session_state[f"entry_seen_{count_id}"] = version
    _flash("success", message, HISTORY_FLASH_KEY)
    st.rerun()


def admin_panel(user: Account, lang: str) -> None:
    """Admins: the whole store (counts + audit trail) as formula-safe CSV/Excel, and the accounts."""
    st.subheader(t("entry_admin_header", lang))
    if not user.can("admin"):
        st.info(t("entry_admin_only", lang))
        return
    st.caption(t("entry_export_intro", lang))

    factory = sessions()

    def _export(which: int, excel: bool) -> bytes:  # runs when the button is clicked: the store as it is then
        with factory() as session:  # (on Streamlit's download thread: no Streamlit calls in here)
            frame = export_frames(session)[which]
        name = ("tellingen", "geschiedenis")[which]
        return to_excel_bytes(frame, name) if excel else to_csv_bytes(frame)

    stamp = dt.date.today().isoformat()
    exports = st.container(horizontal=True)
    for i, (label, which, excel) in enumerate((("entry_export_counts_csv", 0, False),
                                               ("entry_export_counts_xlsx", 0, True),
                                               ("entry_export_audit_csv", 1, False),
                                               ("entry_export_audit_xlsx", 1, True))):
        base = ("tellingen", "geschiedenis")[which]  # the widget keys stay in Dutch; the file is named in lang
        name = t(("file_export_counts", "file_export_history")[which], lang, date=stamp)
        exports.download_button(t(label, lang), lambda w=which, x=excel: _export(w, x),
                                file_name=f"{name}.{'xlsx' if excel else 'csv'}",
                                mime=XLSX_MIME if excel else "text/csv", key=f"entry_export_{base}_{i}",
                                on_click="ignore", icon=":material/download:")
    st.markdown(f"**{t('entry_users_header', lang)}**")
    with sessions()() as session:
        st.dataframe(list_users(session), hide_index=True, key="entry_users")
    st.caption(t("entry_users_cli", lang))
    programs_admin(user, lang)


def programs_admin(user: Account, lang: str) -> None:
    """Admins add a program or edit one (names, theme, unit, kind of count, need indicator); every save is a new
    revision (who, when, why), and a save states the version the admin opened (optimistic check)."""
    st.markdown(f"**{t('entry_programs_header', lang)}**")
    show_flash(PROGRAM_FLASH_KEY)
    with sessions()() as session:
        programs = store.list_programs(session).set_index("id")
    names = {NEW_PROGRAM: t("entry_programs_new", lang),
             **{pid: f"{row[f'name_{lang}']} ({pid})" for pid, row in programs.iterrows()}}
    if f"{PROGRAM_KEY}_next" in st.session_state:
        st.session_state[PROGRAM_KEY] = st.session_state.pop(f"{PROGRAM_KEY}_next")
    chosen = st.selectbox(t("entry_programs_pick", lang), list(names), format_func=names.get,
                          key=relabelled(PROGRAM_KEY))
    new = chosen == NEW_PROGRAM
    shown = {} if new else programs.loc[chosen].to_dict()
    version = 0 if new else int(shown["version"])
    indicators = catalogue()
    need_options = [None, *indicators.ids]
    prefix = f"entry_program_{chosen}_{version}"
    with st.form(f"entry_program_form_{chosen}"):
        program_id = st.text_input(t("entry_programs_id", lang), max_chars=64, key=f"{prefix}_id",
                                   help=t("entry_programs_id_help", lang)) if new else chosen
        cols = st.columns(2)
        values = {f: cols[i % 2].text_input(t(f"entry_programs_{f}", lang), value=shown.get(f, ""), max_chars=200,
                                             key=f"{prefix}_{f}", help=_program_help(f, lang))
                  for i, f in enumerate(PROGRAM_TEXT_FIELDS)}
        cols = st.columns(3)
        values["theme"] = cols[0].selectbox(t("entry_programs_theme", lang), THEMES, key=relabelled(f"{prefix}_theme"),
                                            index=THEMES.index(shown["theme"]) if shown else 0,
                                            format_func=lambda v: t(f"prog_theme_{v}", lang))
        values["unit"] = cols[1].selectbox(t("entry_programs_unit", lang), UNITS, key=f"{prefix}_unit",
                                           index=UNITS.index(shown["unit"]) if shown else 0)
        values["count_kind"] = cols[2].selectbox(t("entry_programs_count_kind", lang), COUNT_KINDS,
                                                 index=COUNT_KINDS.index(shown.get("count_kind") or "residents"),
                                                 format_func=lambda v: t(f"pl_kind_{v}", lang),
                                                 key=relabelled(f"{prefix}_kind"))
        cols = st.columns(2)
        need = shown.get("need_indicator") if isinstance(shown.get("need_indicator"), str) else None
        values["need_indicator"] = cols[0].selectbox(
            t("entry_programs_need", lang), need_options, key=relabelled(f"{prefix}_need"),
            index=need_options.index(need) if need in need_options else 0,
            format_func=lambda v: t("entry_programs_no_need", lang) if v is None
            else f"{indicators.indicator(v).label.get(lang)} ({v})")
        ages = [None, "18plus", "65plus"]
        age = shown.get("need_age") if isinstance(shown.get("need_age"), str) else None
        values["need_age"] = cols[1].selectbox(t("entry_programs_need_age", lang), ages, index=ages.index(age),
                                               key=relabelled(f"{prefix}_age"),
                                               format_func=lambda v: "–" if v is None else t(f"age_{v}", lang))
        reason = st.text_input(t("entry_correct_reason", lang), max_chars=500, key=f"{prefix}_reason")
        submitted = st.form_submit_button(t("entry_programs_save", lang), type="primary")
    if not new:
        with sessions()() as session:
            hist = store.program_history(session, chosen)
        if not hist.empty:
            st.caption(t("entry_programs_history", lang))
            st.dataframe(hist.assign(changed_at=[_utc(v) for v in hist["changed_at"]]).iloc[::-1], hide_index=True,
                         key=f"entry_program_history_{chosen}")
    if submitted:
        _save_program(user, program_id, values, version, reason, lang)


def _program_help(field: str, lang: str) -> str | None:
    """The help of a text field of the program form: the two units say where each shows."""
    if field.startswith("unit_label_one_"):
        return t("entry_programs_unit_label_one_help", lang)
    return t("entry_programs_unit_label_help", lang) if field.startswith("unit_label_") else None


def program_problem(error: FieldError, lang: str) -> str:
    """A refused program field as the form names it: 'Eenheid voor één (Nederlands): Vul dit veld in.'"""
    key = f"entry_programs_{error.field}"
    field = t(key, lang) if key in messages(lang) else error.field
    return t("entry_field_problem", lang, field=field, message=error_text(error.code, error.values, lang))


def _save_program(user: Account, program_id: str, values: dict[str, Any], version: int, reason: str,
                  lang: str) -> None:
    def save(session: Session) -> int:
        if version == 0:
            position = len(store.program_ids(session))
            return store.add_program(session, {"id": program_id, **values, "position": position}, user.name,
                                     reason or "new program").version
        return store.edit_program(session, program_id, values, user.name, version, reason or "edit").version

    try:
        saved = write(sessions(), save)
    except ValidationError as exc:
        st.error(t("entry_programs_invalid", lang) + "\n\n" + "\n".join(
            f"- {escape_markdown(program_problem(e, lang))}" for e in field_errors(exc)))
        return
    except store.ProgramConflict:
        st.error(t("entry_programs_conflict", lang, id=program_id))
        return
    except SQLAlchemyError as exc:
        _store_error(exc, lang)
        return
    _flash("success", t("entry_programs_saved", lang, id=program_id, version=saved), PROGRAM_FLASH_KEY)
    st.session_state[f"{PROGRAM_KEY}_next"] = program_id  # the picker (already drawn) opens it on the next run
    st.rerun()
