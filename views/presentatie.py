"""Presentatie: a story of saved views full screen for the Breed Overleg, with keyboard navigation, PPTX/PDF/PNG
exports and a story builder (issue #9). Pieces: presentation.screen (layout), presentation.slides (content)."""
from __future__ import annotations

from presentation.screen import page

page()
