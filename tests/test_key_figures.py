"""charts.key_figures: the profile's key figures as one block of escaped HTML with inline styles."""
from __future__ import annotations

from charts.key_figures import Figure, key_figures_html


def test_every_text_is_escaped_and_in_order():
    block = key_figures_html([Figure("<b>Inwoners</b>", "1 & 2", "<script>x</script>"), Figure("Rang", "7e van 44")],
                             ["Bron: <CBS>", "tweede regel"])
    assert "<b>" not in block and "<script>" not in block and "<CBS>" not in block
    assert "&lt;b&gt;Inwoners&lt;/b&gt;" in block and "1 &amp; 2" in block and "&lt;script&gt;" in block
    order = [block.index(text) for text in ("Inwoners", "1 &amp; 2", "&lt;script", "Rang", "7e van 44", "Bron:",
                                            "tweede regel")]
    assert order == sorted(order)


def test_a_figure_without_a_note_has_no_empty_note_line():
    block = key_figures_html([Figure("Inwoners 2024", "geen gegevens")], [])
    assert block.count("<dd") == 1 and "kf-note" not in block and "<p" not in block


def test_no_style_element():
    """Inline styles only: a <style> element replaced on every area switch makes the browser recompute the styles
    of the whole page (issue #19)."""
    block = key_figures_html([Figure("a", "b", "c")], ["d"])
    assert "<style" not in block and block.count("style='") == 5  # list, label, value, note, line
