"""Where the texts of a page stand, as a browser draws them: for the layout tests (the slides on a beamer and a
phone, every page on a phone).

TEXT_BOXES (run with page.evaluate) gives each text's line boxes in the main pane (HTML text per line box, and SVG
text), leaving out what a reader cannot see (hidden, folded, for screen readers only, wholly outside a box that
clips) and marking what stands in a box that scrolls sideways; and the page's and main pane's scroll widths.
"""
from __future__ import annotations

TEXT_BOXES = """
() => {
  const main = document.querySelector("[data-testid='stMain']");
  const visible = (el) => {
    const folded = el.closest('details:not([open])');  // a folded expander shows its summary only
    if (folded && !el.closest('summary')) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
      if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return false;  // for screen readers
    }
    return true;
  };
  // a text wholly outside an ancestor that clips (a folded expander's content) is not shown at all; one that is
  // partly outside is cut, and counts. The main pane's own scrolling is not clipping: a text below the fold counts.
  const shown = (el, r) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (e.contains(main) || (s.overflowX === 'visible' && s.overflowY === 'visible')) continue;
      const c = e.getBoundingClientRect();
      if (r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom) return false;
    }
    return true;
  };
  // inside a box that scrolls sideways (a wide chart or table on a phone)
  const sideways = (el) => {
    for (let e = el.parentElement; e && e !== main; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth) return true;
    }
    return false;
  };
  const boxes = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let node, id = 0;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest('svg') || !visible(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    id += 1;
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1 || !shown(parent, r)) continue;
      boxes.push({id, text: node.textContent.trim().slice(0, 60), x: r.left, y: r.top, r: r.right, b: r.bottom,
                  sideways: sideways(parent)});
    }
  }
  for (const el of main.querySelectorAll('svg text')) {
    if (!el.textContent.trim() || !visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || !shown(el, r)) continue;
    id += 1;
    boxes.push({id, text: el.textContent.trim().slice(0, 60), x: r.left, y: r.top, r: r.right, b: r.bottom,
                sideways: sideways(el)});
  }
  return {boxes, docWidth: document.scrollingElement.scrollWidth, mainWidth: main.scrollWidth};
}
"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than 2 px both ways (two line boxes of one text do not count)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["id"] == b["id"]:
                continue
            w = min(a["r"], b["r"]) - max(a["x"], b["x"])
            h = min(a["b"], b["b"]) - max(a["y"], b["y"])
            if w > 2 and h > 2:
                out.append((a["text"], b["text"]))
    return out


def wider_than(boxes: list[dict], width: int) -> list[str]:
    """Texts that stand outside a screen `width` px wide, but for those in a box that scrolls sideways."""
    return [b["text"] for b in boxes if not b["sideways"] and (b["x"] < -1 or b["r"] > width + 1)]


# The words the browser broke over two lines in the main pane's headings ("programmatelling / en"), the map's ranked
# lists beside it ("Transvaalkwar / tier") and the bivariate legend ("inkomensont / vanger"); a break after a word's
# own hyphen ("0- / 14") is a normal line break, so words are split at hyphens first.
BROKEN_WORDS = """
() => {
  const broken = [];
  for (const h of document.querySelectorAll("[data-testid='stMain'] :is(h1, h2, h3, .ranked td, .wijk-table td, .bivariate-legend)")) {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-‐–]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}
"""


# The labels of buttons and tabs that the browser cut short with an ellipsis ("Sjabloon (C…" in a column too narrow
# for it): Streamlit's button label box clips its text (text-overflow: ellipsis), so it overflows that box instead of
# the screen. Buttons not drawn (a folded sidebar, a tab not shown) are left out.
CUT_LABELS = """
() => [...document.querySelectorAll("button, [data-testid='stTab'], [data-testid='stMain'] [data-testid='stPageLink-NavLink']")]
  .filter(b => b.getClientRects().length && b.getBoundingClientRect().width > 0)
  .filter(b => [b, ...b.querySelectorAll('*')].some(
    e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1))
  .map(b => (b.innerText || b.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' '))
"""
