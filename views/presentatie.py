"""Presentatie: a story of saved views full screen for the Breed Overleg, with keyboard navigation, PPTX/PDF/PNG
exports and a story builder (issue #9). Pieces: views.presentatie_panels (layout), presentation.slides (content)."""
from __future__ import annotations

from views.presentatie_panels import page

page()
