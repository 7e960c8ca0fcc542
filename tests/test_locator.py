"""The profile's locator map as inline SVG (charts.locator): the area highlighted, its wijk outlined, a name."""
from __future__ import annotations

import re

import base64

from charts.locator import as_img, locator_svg

SQUARE = [[[4.0, 52.0], [4.1, 52.0], [4.1, 52.1], [4.0, 52.1], [4.0, 52.0]]]
RECORDS = [{"code": "A", "polygon": SQUARE},
           {"code": "B", "polygon": [[[x + 0.1, y] for x, y in SQUARE[0]]]}]


def test_highlighted_area_other_areas_and_bold_outline():
    svg = locator_svg(RECORDS, {"B"}, RECORDS[:1], fill=(213, 94, 0), other=(205, 205, 205), line=(255, 255, 255),
                      outline=(20, 20, 20))
    fills = re.findall(r'<path d="[^"]+" fill="([^"]+)"/>', svg)
    assert fills == ["rgb(205,205,205)", "rgb(213,94,0)"]  # A grey, B highlighted, in record order
    bold = svg.split('stroke="rgb(20,20,20)"', 1)[1]
    assert bold.count("<path") == 1  # A outlined on top
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", svg)]
    assert min(xs) == 0 and max(xs) > 0  # projected into the view box, west at 0


def test_no_records_no_map():
    assert locator_svg([], set(), [], fill=(0, 0, 0), other=(0, 0, 0), line=(0, 0, 0), outline=(0, 0, 0)) == ""


def test_as_img_carries_the_svg_and_an_escaped_alt_text():
    img = as_img("<svg></svg>", alt="Kaartje met <B> gemarkeerd")
    assert 'alt="Kaartje met &lt;B&gt; gemarkeerd"' in img
    assert base64.b64decode(img.split("base64,", 1)[1].split('"', 1)[0]) == b"<svg></svg>"
