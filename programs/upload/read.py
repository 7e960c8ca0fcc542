"""Reading an uploaded file into records: the size limit, the encoding, the delimiter, CSV and Excel.

A record is (row number, cells): the line of the CSV file where the record starts (blank lines counted) or the row
of the sheet, so a message points where the editor looks. Nothing here judges a cell; `check` does.

An .xlsx file is a zip of XML, and a few hundred KB can unpack into gigabytes (one 400 MB shared string, millions
of shared strings or cells). Before openpyxl reads anything, the zip's own index and a streaming scan of its XML
are held to budgets (`WorkbookBudget`): a workbook over one is refused with a message saying which, while memory
stays small (bench/upload_memory.py measures it).
"""
from __future__ import annotations

import csv
import io
import os
import re
import tomllib
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from programs.upload.report import ParsedUpload
from texts.i18n import fmt_number, t

DELIMITERS = (";", ",", "\t")
CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
MAX_COLUMNS = 64
MB = 1024 * 1024
DEFAULT_MAX_MB = 10
CONFIG_TOML = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
Record = tuple[int, list[Any]]


class Sheet(NamedTuple):
    """A sheet of a workbook: its name (as the tabs show it) and its first filled row (empty: an empty sheet)."""

    name: str
    head: list[Any]


def blank(value: Any) -> bool:
    """An empty cell: nothing, only spaces, or NaN."""
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


@dataclass(frozen=True)
class WorkbookBudget:
    """What an uploaded workbook may hold once unpacked. A real upload of 50,000 rows × 11 columns stays far
    below every figure; each is checked before openpyxl reads the file."""

    parts: int = 1_000  # files in the zip
    expanded: int = 64 * MB  # all parts unpacked, by the zip's index (zipfile never reads past it)
    shared_strings_size: int = 32 * MB  # xl/sharedStrings.xml unpacked
    shared_strings: int = 600_000  # <si> entries (openpyxl keeps them all in memory)
    cells: int = 1_500_000  # <c> elements in all sheets
    cells_per_row: int = 16_384  # Excel's own maximum of columns
    other_part: int = 8 * MB  # any part that is not a sheet or the shared strings (styles, ...)


BUDGET = WorkbookBudget()
SCAN_CHUNK = MB
# The start of an element, with or without a namespace prefix: <row ...>, <x:c r="A1">, <si>.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
SI_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
# Telling why a workbook cannot be opened (why_unreadable).
UNREADABLE_ZIP = (zipfile.BadZipFile, OSError, EOFError, ValueError)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an old .xls, or an .xlsx with a password
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # OLE names its streams in UTF-16
XLS_STREAMS = tuple(name.encode("utf-16-le") for name in ("Workbook", "Book"))  # Excel 97 on; Excel 5
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"  # an .ods zip's first part, stored as is
ZIP_HEAD = 200
WORKBOOK_PART = "xl/workbook.xml"
TEXT_HEAD = 4096
TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # not in text (tab, line ends, form feed, escape are)


def max_upload_bytes(config: Path = CONFIG_TOML) -> int:
    """The app's upload limit: `[server] maxUploadSize` (MB) of .streamlit/config.toml, else 10 MB."""
    try:
        with config.open("rb") as fh:
            mb = tomllib.load(fh).get("server", {}).get("maxUploadSize", DEFAULT_MAX_MB)
    except (OSError, tomllib.TOMLDecodeError):
        mb = DEFAULT_MAX_MB
    return int(mb) * MB


def size_of(data: bytes | IO[bytes], size: int | None) -> int | None:
    """The size of an upload without reading it: the caller's figure, the bytes, Streamlit's `.size`, or seek."""
    if size is not None:
        return size
    if isinstance(data, (bytes, bytearray, memoryview)):
        return len(data)
    known = getattr(data, "size", None)  # Streamlit's UploadedFile
    if isinstance(known, int):
        return known
    try:
        here = data.tell()
        end = data.seek(0, os.SEEK_END)
        data.seek(here)
        return end - here
    except (AttributeError, OSError):
        return None


def read_bytes(data: bytes | IO[bytes]) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    getvalue = getattr(data, "getvalue", None)
    return getvalue() if callable(getvalue) else data.read()


def too_large(parsed: ParsedUpload, size: int, limit: int, lang: str) -> None:
    parsed.add(0, "", "too_large", lang, size=fmt_number(size / MB, lang, 1), max=fmt_number(limit / MB, lang, 0))


# --- CSV ---------------------------------------------------------------------------------------------------

def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text becomes every other byte NUL (a NUL typed into a cell is one among
    many bytes, and is the control-character rule's to refuse)."""
    return raw.count(b"\x00") > len(raw) // 4


def decode(raw: bytes) -> tuple[str | None, str, dict[str, Any]]:
    """(text, encoding, {}) for UTF-8 (with or without BOM); (None, what was found, values) otherwise."""
    boms = ((b"\x00\x00\xfe\xff", "utf32"), (b"\xff\xfe\x00\x00", "utf32"), (b"\xff\xfe", "utf16_le"),
            (b"\xfe\xff", "utf16_be"))
    for bom, found in boms:
        if raw.startswith(bom):
            return None, found, {}
    if _looks_like_utf16(raw):  # valid UTF-8 as bytes, but 'p\x00r\x00o…' as text
        return None, "utf16_nobom", {}
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", {}
        except UnicodeDecodeError as exc:
            return None, "unknown", {"line": _line_of(raw, exc.start + 3)}
    try:
        return raw.decode("utf-8"), "utf-8", {}
    except UnicodeDecodeError as exc:
        bad = exc.start
    if raw.count(b"\x00") > len(raw) // 10:  # not UTF-8, and NULs throughout: UTF-16 of mostly non-Latin text
        return None, "utf16_nobom", {}
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, "unknown", {"line": _line_of(raw, bad)}
    return None, "cp1252", {"line": _line_of(raw, bad), "char": raw[bad:bad + 1].decode("cp1252")}


def sniff_delimiter(header_line: str) -> tuple[str, int]:
    """The delimiter that splits the header into the most fields (ties: ; before , before tab), and that count."""
    best, most = DELIMITERS[0], 0
    for delimiter in DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        if len(fields) > most:
            best, most = delimiter, len(fields)
    return best, most


def csv_records(text: str, parsed: ParsedUpload, lang: str) -> list[Record] | None:
    """The records of a CSV text, each with the line it starts on; None (and a problem) when it cannot be read."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter, width = sniff_delimiter(first)
    parsed.delimiter = delimiter
    if width < 2:
        parsed.add(1, "", "no_delimiter", lang)
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[Record] = []
    line = 1  # where the record being read starts
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        code, at = csv_error(str(exc), line, reader.line_num)
        parsed.add(at, "", code, lang, line=at)
        return None
    return records


def csv_error(error: str, start: int, now: int) -> tuple[str, int]:
    """Our code for the csv module's (English) error, and the line to name: an unclosed quotation mark is only
    noticed at the end of the file, so it is named at the line where its record (and so the quote) starts;
    anything else where the reader stopped (`now`). The raw error text never reaches the page."""
    if "unexpected end of data" in error:
        return "unclosed_quote", start
    if "expected after" in error:  # text after a closing quotation mark: 'a"b"c'
        return "text_after_quote", now
    return "bad_csv", now


# --- Excel -------------------------------------------------------------------------------------------------

class OverBudget(Exception):
    def __init__(self, what: str, found: int, limit: int):
        self.what, self.found, self.limit = what, found, limit
        super().__init__(what)


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in chunks, each ending before its last '<' (the tag it may cut comes with the next chunk)."""
    carry = b""
    while block := stream.read(SCAN_CHUNK):
        data = carry + block
        cut = data.rfind(b"<")
        if cut < 0 or len(data) - cut > 64:  # no tag name is that long: nothing to carry
            cut = len(data)
        carry = data[cut:]
        yield data[:cut]
    if carry:
        yield carry


def _scan_cells(stream: IO[bytes], budget: WorkbookBudget, seen: int) -> int:
    """Count the cells of a sheet's XML, per row and in all (`seen` so far), without building any of it."""
    in_row = 0
    for chunk in _chunks(stream):
        pieces = ROW_TAG.split(chunk)  # pieces[0] continues the row before; each other piece is a new row
        for i, piece in enumerate(pieces):
            cells = len(CELL_TAG.findall(piece))
            in_row = in_row + cells if i == 0 else cells
            seen += cells
            if in_row > budget.cells_per_row:
                raise OverBudget("cells_per_row", in_row, budget.cells_per_row)
            if seen > budget.cells:
                raise OverBudget("cells", seen, budget.cells)
    return seen


def _scan_shared_strings(stream: IO[bytes], budget: WorkbookBudget) -> None:
    count = 0
    for chunk in _chunks(stream):
        count += len(SI_TAG.findall(chunk))
        if count > budget.shared_strings:
            raise OverBudget("shared_strings", count, budget.shared_strings)


def check_workbook(raw: bytes, budget: WorkbookBudget = BUDGET) -> None:
    """Raise OverBudget when the workbook would unpack beyond `budget` (zipfile.BadZipFile when it is no zip).

    Sizes come from the zip's index: zipfile stops at a part's stated size (and then fails its CRC check), so a
    part cannot unpack into more than it says, neither here nor in openpyxl."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        parts = archive.infolist()
        if len(parts) > budget.parts:
            raise OverBudget("parts", len(parts), budget.parts)
        expanded = sum(p.file_size for p in parts)
        if expanded > budget.expanded:
            raise OverBudget("expanded", expanded, budget.expanded)
        cells = 0
        for part in parts:
            name = part.filename.lower()
            if name.endswith("sharedstrings.xml"):
                if part.file_size > budget.shared_strings_size:
                    raise OverBudget("shared_strings_size", part.file_size, budget.shared_strings_size)
                with archive.open(part) as stream:
                    _scan_shared_strings(stream, budget)
            elif "worksheets/" in name and name.endswith(".xml"):
                with archive.open(part) as stream:
                    cells = _scan_cells(stream, budget, cells)
            elif part.file_size > budget.other_part:
                raise OverBudget("other_part", part.file_size, budget.other_part)


def _budget_problem(parsed: ParsedUpload, exc: OverBudget, lang: str) -> None:
    sizes = exc.what in {"expanded", "shared_strings_size", "other_part"}

    def amount(n: int) -> str:
        return f"{fmt_number(n / MB, lang, 1)} MB" if sizes else fmt_number(n, lang, 0)

    parsed.add(0, "", "workbook_budget", lang, what=t(f"entry_budget_{exc.what}", lang), found=amount(exc.found),
               max=amount(exc.limit))


def why_unreadable(raw: bytes) -> str:
    """Why a file read as a workbook could not be opened, told from its bytes alone (the entry_excel_<why> texts).

    An OLE file: an .xlsx with a password (encrypted: it holds an EncryptedPackage stream), the old format (xls: it
    holds a workbook stream) or another file (other). Neither OLE nor zip: text (a CSV file under a workbook's name)
    or other (a PDF, an image). A zip: an OpenDocument spreadsheet (ods), no workbook (not_workbook: a Word
    document, an .xlsb, a zipped folder), or a damaged zip or workbook (damaged)."""
    if raw.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in raw:
            return "encrypted"
        return "xls" if any(stream in raw for stream in XLS_STREAMS) else "other"
    if not raw.startswith(b"PK"):
        return "text" if _looks_like_text(raw) else "other"
    if ODS_MIMETYPE in raw[:ZIP_HEAD]:
        return "ods"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = {name.lower() for name in archive.namelist()}
    except UNREADABLE_ZIP:
        return "damaged"
    return "damaged" if WORKBOOK_PART in names else "not_workbook"


def _looks_like_text(raw: bytes) -> bool:
    head = raw[:TEXT_HEAD]
    return head.startswith(TEXT_BOMS) or not CONTROL_BYTES.search(head)


def _unreadable(raw: bytes, parsed: ParsedUpload, lang: str) -> None:
    suffix = Path(parsed.filename or "").suffix.lower() or ".xlsx"
    parsed.add(0, "", "bad_excel", lang, why=t(f"entry_excel_{why_unreadable(raw)}", lang, suffix=suffix))


def excel_records(raw: bytes, parsed: ParsedUpload, lang: str, max_rows: int,
                  choose: Callable[[Sequence[Sheet]], int | None]) -> list[Record] | None:
    """The rows of the sheet `choose` picks from the sheets' names and first filled rows (row numbers as the sheet
    shows them), at most `max_rows` + 1 of them; None (and a problem) for a broken workbook, one over budget, or
    when `choose` picks none. Which sheet holds the counts is `check`'s call: it knows the columns. Only the
    chosen sheet's rows are kept: the budgets bound cells, not the empty cells a wide row is padded with."""
    try:
        check_workbook(raw)
    except OverBudget as exc:
        _budget_problem(parsed, exc, lang)
        return None
    except UNREADABLE_ZIP:
        _unreadable(raw, parsed, lang)
        return None
    from openpyxl import load_workbook  # only when an Excel file comes in

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)  # formulas stay text
    except Exception:  # noqa: BLE001 - openpyxl/zipfile raise many kinds for a broken file
        _unreadable(raw, parsed, lang)
        return None
    try:
        sheets = workbook.worksheets
        chosen = choose([Sheet(sheet.title, _head(sheet)) for sheet in sheets])
        return None if chosen is None else _sheet_records(sheets[chosen], max_rows)
    finally:
        workbook.close()


def _rows(sheet: Any) -> Iterator[list[Any]]:
    return (list(cells) for cells in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))


def _head(sheet: Any) -> list[Any]:
    return next((cells for cells in _rows(sheet) if not all(blank(c) for c in cells)), [])


def _sheet_records(sheet: Any, max_rows: int) -> list[Record]:
    records: list[Record] = []
    for number, cells in enumerate(_rows(sheet), start=1):
        records.append((number, cells))
        if len(records) > max_rows + 1:
            break
    return records
