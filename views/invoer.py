"""Invoer (/invoer, editors only): add one count, upload a file of counts, the history of every count with
corrections and undo, and for admins the export of the whole store. Pieces: views.invoer_panels; sign-in: ui.auth.

The page refuses without the editor role by itself (ui.auth.require_role): the router only hides it from the
navigation."""
from __future__ import annotations

import streamlit as st

from views import invoer_panels as panels
from ui.auth import require_role
from ui.context import view
from texts.i18n import t

lang = view().lang
st.title(t("entry_title", lang))
user = require_role("editor", lang)
st.caption(t("entry_intro", lang))

form, upload, history, admin = st.tabs([t("entry_tab_form", lang), t("entry_tab_upload", lang),
                                        t("entry_tab_history", lang), t("entry_tab_admin", lang)])
with form:
    panels.form_panel(user, lang, view().gemeente)
with upload:
    panels.upload_panel(user, lang, view().gemeente)
with history:
    panels.history_panel(user, lang, view().gemeente)
with admin:
    panels.admin_panel(user, lang)
