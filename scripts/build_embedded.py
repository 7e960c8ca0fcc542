"""Build the embedded default (data/embedded/): Den Haag's open data, small enough to ship with the code.

    python -m scripts.build_embedded [--mirror ../shared/data] [--dest data/embedded]

A fresh clone without the workspace mirror, a cache or the internet still shows Den Haag's map: the app reads
these files last in its search order (indicators.sources). They are cut from the official originals in the
mirror's `raw/` folder (see its PROVENANCE.md), never typed or edited by hand, and written byte for byte the same
on every run, so `tests/test_embedded.py` can rebuild them and compare (the shipped copy cannot drift):

- boundaries of the gemeente, its wijken and buurten 2015 (with the KWB 2015 attributes of that map),
- RIVM 50090NED 2012/2016/2020 (18+; 65+ for 2020) for Nederland, Den Haag, its wijken and buurten,
- CBS KWB 2019 (84583NED) and KWB 2024 (85984NED) for Den Haag and its wijken (2019 also its buurten).

The files keep the formats the app's readers already read (GeoJSON and CSV, values stripped of CBS's padding),
so the embedded default passes through the same checks as a download.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from indicators.sources import EMBEDDED_DIR, MIRROR_DIR

GEMEENTE = "GM0518"
DIGITS = GEMEENTE[2:]
RIVM_FILES = ("rivm_50090NED_2012_18plus_nl.xlsx", "rivm_50090NED_2016_18plus_nl.xlsx",
              "rivm_50090NED_2020_18plus_nl.xlsx", "rivm_50090NED_2020_65plus_nl.xlsx")
BOUNDARY_FILES = {"gemeente": "tnocs_haaglanden_gemeente_2015.geojson", "wijk": "tnocs_haaglanden_wijk_2015.geojson",
                  "buurt": "tnocs_haaglanden_buurt_2015.geojson"}
KWB_2019_FILE = "kwb_2019_84583NED_denhaag_dhzw.csv"
KWB_2024_FILE = "kwb_2024_85984NED_stripped_gm_wk.json"
# Output names: the DATASETS entries of indicators.sources list them as their last candidates.
OUTPUT = {"gemeente": "embedded_gemeente_2015_GM0518.geojson", "wijk": "embedded_wijken_2015_GM0518.geojson",
          "buurt": "embedded_buurten_2015_GM0518.geojson", "rivm": "embedded_rivm_50090NED_GM0518.csv",
          "kwb_2019": "embedded_kwb_84583NED_GM0518.csv", "kwb_2024": "embedded_kwb_85984NED_GM0518.csv"}


def ours(code: str, with_nl: bool) -> bool:
    """Den Haag, its wijken and buurten (and Nederland, the reference, when asked)."""
    code = code.strip()
    return code == GEMEENTE or code.startswith((f"WK{DIGITS}", f"BU{DIGITS}")) or (with_nl and code == "NL01")


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def boundaries(raw: Path, level: str) -> str:
    """The gemeente's features of a 2015 map, properties and coordinates as in the original."""
    data = json.loads((raw / BOUNDARY_FILES[level]).read_text(encoding="utf-8"))
    features = [f for f in data["features"] if f["properties"].get("GM_CODE") == GEMEENTE]
    code = {"gemeente": "GM_CODE", "wijk": "WK_CODE", "buurt": "BU_CODE"}[level]
    features.sort(key=lambda f: f["properties"][code])
    collection = {"type": "FeatureCollection", "name": f"{level}_{GEMEENTE}_2015", "features": features}
    if "crs" in data:
        collection["crs"] = data["crs"]
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def rivm(raw: Path) -> str:
    """The four national 50090NED sheets cut to NL, Den Haag, its wijken and buurten, in one CSV."""
    header: list[str] = []
    rows: list[list[str]] = []
    for name in RIVM_FILES:
        sheet = pd.read_excel(raw / name, dtype=str, engine="calamine", keep_default_na=False)
        if header and list(sheet.columns) != header:
            raise ValueError(f"{name}: columns differ from {RIVM_FILES[0]}")
        header = list(sheet.columns)
        sheet = sheet[sheet["Codering_3"].map(lambda c: ours(c, with_nl=True))]
        rows.extend([value.strip() for value in row] for row in sheet.itertuples(index=False))
    return csv_text(header, rows)


def kwb_2019(raw: Path) -> str:
    """KWB 2019 as CBS delivered it (`;`, padded, quoted), stripped, with a `code` column first."""
    with (raw / KWB_2019_FILE).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        header = next(reader)
        rows = [[v.strip() for v in row] for row in reader if row]
    at = header.index("Codering_3")
    return csv_text(["code", *header], ([row[at], *row] for row in rows if ours(row[at], with_nl=False)))


def kwb_2024(raw: Path) -> str:
    """KWB 2024 (code -> {column: value}) for Den Haag and its wijken, columns in order of first appearance."""
    data = json.loads((raw / KWB_2024_FILE).read_text(encoding="utf-8"))
    picked = {code.strip(): values for code, values in data.items() if ours(code, with_nl=False)}
    columns = list(dict.fromkeys(c for values in picked.values() for c in values))
    cell = lambda v: "" if v is None else str(v)  # noqa: E731
    return csv_text(["code", *columns], ([code, *(cell(picked[code].get(c)) for c in columns)]
                                         for code in sorted(picked)))


def build(mirror: Path = MIRROR_DIR) -> dict[str, str]:
    """File name -> text of every embedded file, from the mirror's originals."""
    raw = mirror / "raw"
    texts = {OUTPUT[level]: boundaries(raw, level) for level in BOUNDARY_FILES}
    texts[OUTPUT["rivm"]] = rivm(raw)
    texts[OUTPUT["kwb_2019"]] = kwb_2019(raw)
    texts[OUTPUT["kwb_2024"]] = kwb_2024(raw)
    return texts


def write(texts: dict[str, str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (dest / name).write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_embedded", description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR_DIR, help="the workspace mirror (../shared/data)")
    parser.add_argument("--dest", type=Path, default=EMBEDDED_DIR)
    args = parser.parse_args(argv)
    texts = build(args.mirror)
    write(texts, args.dest)
    total = sum(len(t.encode("utf-8")) for t in texts.values())
    for name, text in texts.items():
        print(f"{args.dest / name}: {len(text.encode('utf-8')):,} bytes")
    print(f"{len(texts)} files, {total:,} bytes in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
