"""Presentatie: a story of saved views full screen for the Breed Overleg, with keyboard navigation, PPTX/PDF/PNG
exports and a story builder (issue #9). Pieces: views.presentatie_panels (layout), presentation.slides (content)."""
from __future__ import annotations

from ui.context import page_fragment
from views.presentatie_panels import page

# A fragment (ui.context.page_fragment): the next slide reruns the page only, not the router and the sidebar (#19)
page_fragment(page)()
