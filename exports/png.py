"""PNG images of plotly figures at projector resolution (1920 × 1080), rendered by kaleido with Debian's chromium.

- Kaleido 1.x drives a headless Chrome; we point it at Debian's chromium (`BROWSER_PATH`, set before kaleido starts)
  and never let it download a browser. MathJax is switched off, so rendering needs no network at all.
- One kaleido server per process (`kaleido.start_sync_server`): the browser starts once (~4 s), later images take
  a fraction of a second. Calls are serialised with a lock (Streamlit runs sessions in threads).
- Images are cached by the figure's JSON and size (an LRU of `CACHE_SIZE`), so a map shown in a story is rendered
  once for the PPTX, the PDF and a PNG download alike.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path

import plotly.graph_objects as go

CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1920, 1080
LOGICAL_WIDTH = 1280  # figures are laid out at 1280 × 720 and rendered at scale 1.5
CACHE_SIZE = 64
RENDER_TIMEOUT_S = 90

_lock = threading.RLock()
_cache: OrderedDict[str, bytes] = OrderedDict()
_stats = {"rendered": 0, "cached": 0}


class ExportError(RuntimeError):
    pass


def browser_path() -> str:
    """The chromium kaleido uses: `BROWSER_PATH` if set, else Debian's; a clear error when it is not there."""
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    path = os.environ["BROWSER_PATH"]
    if not Path(path).exists():
        raise ExportError(f"No browser for image export at {path}: install Debian's chromium "
                          "(apt-get install chromium; scripts/test.sh does) or set BROWSER_PATH.")
    return path


def _server() -> None:
    import kaleido

    browser_path()
    if not kaleido._global_server.is_running():
        kaleido.start_sync_server(mathjax=False, timeout=RENDER_TIMEOUT_S, silence_warnings=True)


def shutdown() -> None:
    """Stop the kaleido browser (tests and the benchmark; a Streamlit server keeps it for the next export)."""
    import kaleido

    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def stats() -> dict[str, int]:
    return dict(_stats)


def figure_png(fig: go.Figure, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The figure as PNG bytes of exactly `width` × `height` pixels."""
    import kaleido

    spec = json.loads(fig.to_json())
    spec.get("layout", {}).pop("width", None)
    spec.get("layout", {}).pop("height", None)
    key = hashlib.sha1(f"{width}x{height}:{json.dumps(spec, sort_keys=True)}".encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            _stats["cached"] += 1
            return _cache[key]
        _server()
        scale = width / LOGICAL_WIDTH
        opts = {"format": "png", "width": LOGICAL_WIDTH, "height": round(height / scale), "scale": scale}
        try:
            png = kaleido.calc_fig_sync(spec, opts=opts)
        except Exception as exc:  # kaleido raises its own and choreographer's errors
            raise ExportError(f"image export failed: {type(exc).__name__}: {exc}") from exc
        _stats["rendered"] += 1
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return png


def titled(fig: go.Figure, title: str, subtitle: str = "") -> go.Figure:
    """A copy of a slide figure with the slide's title on top (a PNG on its own needs to say what it shows)."""
    out = go.Figure(fig)
    top = (out.layout.margin.t or 20) + (64 if subtitle else 44)
    head: dict = {"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "y": 0.985, "yanchor": "top",
                  "yref": "container", "font": {"size": 26}}
    if subtitle:
        head["subtitle"] = {"text": subtitle, "font": {"size": 17, "color": "#555555"}}
    out.update_layout(title=head, margin={"t": top})
    return out


def slide_png(content, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A slide's figure (map or chart) with its title, legend and source line, as a PNG."""
    if content.figure is None:
        raise ExportError(f"slide {content.number} ({content.kind}) has no chart or map")
    return figure_png(titled(content.figure, content.title, content.subtitle), width, height)
