"""Inloggen (/inloggen): sign in for data entry (local account or OpenID Connect), or who is signed in.
Not in the navigation: the sidebar links here. Pieces: ui.auth."""
from __future__ import annotations

from ui.auth import sign_in_page
from ui.context import view

sign_in_page(view().lang)
