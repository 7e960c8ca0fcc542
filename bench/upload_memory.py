"""Memory while refusing workbook bombs (issue #21): small .xlsx uploads that unpack into gigabytes.

Each bomb is built here (streamed into the zip, never held whole), then checked by `parse_upload` in a fresh
Python process that first imports the app's upload code and measures its resident memory (idle); the figure is
the peak RSS over that idle level while the upload is refused, and the time to refuse it.
Target (#21): < 200 MB over idle for the 400 KB workbook holding one 400 MB shared string.

Bombs: one 400 MB shared string (~400 KB zipped); 5 million shared strings; one row of 4 million cells.
Usage: python -m bench.upload_memory [--quick]  (--quick: the one-string bomb at 40 MB, still over budget)
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.common import machine

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
TARGET_MB = 200
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CHILD = """
import json, resource, sys, time
from pathlib import Path
from programs.upload import Known, parse_upload

def rss_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20

known = Known.build({"gli": ["GLI", "GLI"]}, {"GM0518": "Den Haag"})
data = Path(sys.argv[1]).read_bytes()
idle = rss_mb()
start = time.perf_counter()
parsed = parse_upload(data, "bom.xlsx", known, "en")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"idle_mb": idle, "over_idle_mb": max(0.0, peak - idle), "seconds": seconds,
                  "codes": [p.code for p in parsed.problems], "message": parsed.problems[0].message if parsed.problems else ""}))
"""


def _repeat(unit: bytes, count: int) -> Iterator[bytes]:
    """`unit` `count` times, in blocks of about 1 MB."""
    per_block = max(1, MB // len(unit))
    block = unit * per_block
    full, rest = divmod(count, per_block)
    for _ in range(full):
        yield block
    if rest:
        yield unit * rest


def _workbook(path: Path, shared: Iterator[bytes], sheet: Iterator[bytes]) -> None:
    """A workbook whose shared strings and first sheet are written from the given chunks."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                               b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<workbook ' + NS + b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                           b'relationships"><sheets><sheet name="tellingen" sheetId="1" r:id="rId1"/></sheets>'
                           b'</workbook>',
        "xl/_rels/workbook.xml.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                      b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                                      b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                                      b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                                      b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, chunks in (("xl/sharedStrings.xml", shared), ("xl/worksheets/sheet1.xml", sheet)):
            with archive.open(name, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk)


def _sheet_one_cell() -> Iterator[bytes]:
    yield b"<worksheet " + NS + b'><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'


def one_string(path: Path, size: int) -> None:
    def shared() -> Iterator[bytes]:
        yield b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>'
        yield from _repeat(b"a", size)
        yield b"</t></si></sst>"
    _workbook(path, shared(), _sheet_one_cell())


def many_strings(path: Path, count: int) -> None:
    def shared() -> Iterator[bytes]:
        yield b"<sst " + NS + b">"
        yield from _repeat(b"<si><t>a</t></si>", count)
        yield b"</sst>"
    _workbook(path, shared(), _sheet_one_cell())


def wide_row(path: Path, cells: int) -> None:
    def sheet() -> Iterator[bytes]:
        yield b"<worksheet " + NS + b'><sheetData><row r="1">'
        yield from _repeat(b"<c><v>1</v></c>", cells)
        yield b"</row></sheetData></worksheet>"
    _workbook(path, iter([b"<sst " + NS + b"/>"]), sheet())


def measure(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=600, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(machine())
    cases: list[tuple[str, Callable[[Path], None]]] = [
        ("one 40 MB shared string" if args.quick else "one 400 MB shared string",
         lambda p: one_string(p, (40 if args.quick else 400) * MB))]
    if not args.quick:
        cases += [("5 million shared strings", lambda p: many_strings(p, 5_000_000)),
                  ("one row of 4 million cells", lambda p: wide_row(p, 4_000_000))]
    with tempfile.TemporaryDirectory() as folder:
        for label, build in cases:
            path = Path(folder) / "bom.xlsx"
            build(path)
            figures = measure(path)
            target = f" (target < {TARGET_MB} MB)" if "400 MB" in label else ""
            print(f"{label}: {path.stat().st_size / 1024:,.0f} KB zipped, refused as {figures['codes']} in "
                  f"{figures['seconds'] * 1000:,.0f} ms; peak RSS over idle {figures['over_idle_mb']:.1f} MB{target} "
                  f"(idle {figures['idle_mb']:.0f} MB)", flush=True)
            print(f"  message: {figures['message']}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
