"""Uploads of many program counts (CSV or Excel): read, check every row, say what is wrong where, import.

Split by job: `read` (size, encoding, delimiter, CSV and Excel records, the workbook budgets), `check` (header,
row widths, every cell by the rules of programs.validation, duplicates; `parse_upload`), `report` (problems
and their messages, the preview), `importing` (one transaction), `template`. This package keeps the public
names, so `from programs.upload import parse_upload` works as before.

Pure and testable without Streamlit: `parse_upload(bytes or file, filename, known, lang)` returns a
`ParsedUpload` with the rows, the problems as `Problem(row, column, code, message)` (row: the line of the file
or the row of the sheet; 0 = the file as a whole) and the duplicates of counts already stored. Only an upload
without problems can be imported (`import_upload`), and then all its rows go in in ONE transaction or none do.

What is refused, each with its own code (texts `entry_err_<code>`, else `prog_err_<code>` of validation.py):
- a file over the limit (`too_large`; the size is checked before anything is read, from `size` or the file's
  size metadata), an empty file, a type we do not read (`.xls`, anything but .csv/.txt/.xlsx/.xlsm);
- a workbook that would unpack beyond its budgets (`workbook_budget`: parts, unpacked size, shared strings,
  cells, cells in one row), checked from the zip's index and a streaming scan before openpyxl reads it;
- an encoding that is not UTF-8 (`encoding`: UTF-16/UTF-32 by their BOM, UTF-16 without BOM by its NUL bytes,
  Windows-1252, or unknown), said by name: the file is never guessed into text;
- a workbook with counts (the header row of the template) on more than one sheet (`several_sheets`): one sheet
  is read, the one with the header; other sheets that are not empty are named in a notice (`ParsedUpload.notices`)
  and then every problem names the sheet read; the template's own sheet of valid values is skipped silently;
- a CSV quotation mark never closed (`unclosed_quote`, at the line where it opens) or followed by text
  (`text_after_quote`), said in our words, never the csv module's;
- `;`/`,` confusion and shifted rows: the delimiter is the one that splits the header into the most columns; a
  row with more or fewer fields than the header line (`field_count`) is refused, also when the extra field is
  empty, as is a header of one column (`no_delimiter`);
- missing, unknown and repeated columns; numbers that are not numbers or ambiguous ('1.234': thousands or
  decimals?); dates not as yyyy-mm-dd or d-m-yyyy; a precision that is neither a code nor a name of one
  (`unknown_qualifier`, listing them in the editor's language); every rule of `programs.validation.CountIn`
  (negative, low above high, end before start, a period in the future or outside 2000 to next year, an unknown
  program or area (with the gemeente's closest area names as suggestions), an empty source, a fraction of a program
  that counts whole numbers (`not_whole`: 12.5 referrals; `Known.whole`));
- formula cells: text starting with = + - @ (or a tab / carriage return) is kept as text and flagged
  (`formula`), never evaluated; in a number column "-5" is a negative number, "=5" a formula;
- a line break (CR or LF) inside a cell (`line_break`), text longer than its column allows (`too_long`);
- the example row of the template left in (`example_row`).
Rows equal to a stored count (same program, area, period and values) or to an earlier row of the file are
`duplicates`: not an error; the editor chooses to skip them (the default) or to add them anyway. Rows with another
number for the program, area and period of a stored count or of an earlier row are `same_period` (`check.clashes`):
not an error either, but a second number for one period (the map and the profile show one of them) or a
correction meant for the stored count; they are left out (the default) unless the editor adds them anyway.
"""
from programs.upload.check import (
    COLUMNS,
    EXAMPLE_ROW,
    FORMULA_START,
    MAX_ROWS,
    REQUIRED,
    TEXT_LIMITS,
    Known,
    area_label,
    area_labels,
    check_values,
    parse_upload,
)
from programs.upload.importing import (
    ENV_MARKER,
    ENV_PAUSE,
    ImportResult,
    UploadNotValid,
    import_counts,
    import_upload,
)
from programs.upload.read import (
    BUDGET,
    MAX_COLUMNS,
    MB,
    OverBudget,
    WorkbookBudget,
    check_workbook,
    decode,
    max_upload_bytes,
    sniff_delimiter,
)
from programs.upload.report import (
    Clash,
    Duplicate,
    ParsedRow,
    ParsedUpload,
    Problem,
    SamePeriod,
    error_text,
    field_label,
    form_message,
    kept,
    preview_frame,
    typed_text,
)
from programs.upload.template import choices_frame, rows_to_csv, template_csv, template_frame, template_xlsx

__all__ = [
    "BUDGET", "COLUMNS", "ENV_MARKER", "ENV_PAUSE", "EXAMPLE_ROW", "FORMULA_START", "MAX_COLUMNS", "MAX_ROWS", "MB",
    "REQUIRED", "TEXT_LIMITS", "Clash", "Duplicate", "ImportResult", "Known", "OverBudget", "ParsedRow", "ParsedUpload",
    "Problem", "SamePeriod", "UploadNotValid", "WorkbookBudget", "area_label", "area_labels", "check_values",
    "check_workbook", "choices_frame", "decode", "error_text", "field_label", "form_message", "import_counts",
    "import_upload", "kept", "max_upload_bytes", "parse_upload", "preview_frame", "rows_to_csv", "sniff_delimiter",
    "template_csv", "template_frame", "template_xlsx", "typed_text",
]
