"""CSV files as county offices save them: the encoding found from the bytes, then the records.

Excel on a Chinese Windows saves "CSV" as GB18030 (GBK); "CSV UTF-8" adds a BOM; "Unicode text"
is UTF-16 with a BOM. A file is read as UTF-8 when it is valid UTF-8, else as GB18030 — unless
valid UTF-8 came before the first bad byte, which is a damaged UTF-8 file, refused at that byte.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from fupin.i18n import gettext as _
from fupin.tabular.errors import TableError
from fupin.tabular.table import (
    Rows,
    TextTable,
    build_table,
    first_nonblank,
    header_names,
    table_from_columns,
)

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _bad_byte(data: bytes, offset: int, encoding: str, file: str) -> TableError:
    # The row is the line the byte is on (a quoted line break may make it one more than
    # Excel's row; the byte offset is exact).
    row = data.count(b"\n", 0, offset) + 1
    message = _("cannot be read as {encoding}: byte {offset} is not valid").format(
        encoding=encoding, offset=offset
    )
    return TableError(file, message, row=row)


def _decode(data: bytes, codec: str, file: str, skip: int = 0) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise _bad_byte(data, exc.start + skip, codec.upper(), file) from None


def decode_csv(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in; raises TableError at a bad byte."""
    for mark, codec, label in BOMS:
        if data.startswith(mark):
            return _decode(data, codec, file, len(mark)), label
    try:
        text, label = data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        if not data[: exc.start].isascii():
            # Valid multi-byte UTF-8 before the bad byte: a damaged UTF-8 file, not GB18030.
            raise _bad_byte(data, exc.start, "UTF-8", file) from None
        text, label = _decode(data, "gb18030", file), "GB18030"
    if "\x00" in text:
        offset = text.index("\x00")
        message = _(
            "holds a NUL character at character {offset}: UTF-16 without a byte-order mark? "
            "Save it as CSV UTF-8"
        ).format(offset=offset)
        raise TableError(file, message, row=text.count("\n", 0, offset) + 1)
    return text, label


def _records(text: str, file: str) -> Rows:
    """The rows of the text; a quoted line break stays inside its cell and its row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)  # type: ignore[arg-type]
    except csv.Error as exc:
        message = _("not a CSV file: {error}").format(error=exc)
        raise TableError(file, message, row=reader.line_num) from None


def _check_widths(rows: Rows, width: int, first: int, file: str) -> None:
    # A row a cell short has lost a separator: its values would land in the wrong columns, so
    # it is refused (a row too long is refused by the table when the extra cells hold values).
    for position, cells in enumerate(rows):
        if len(cells) < width and "".join(c for c in cells if c).strip():
            message = _("has {count} cells where the header has {width}").format(
                count=len(cells), width=width
            )
            raise TableError(file, message, row=first + position)


class _Irregular(Exception):
    """Arrow met a row it cannot take as it stands: the exact reader decides and reports."""


def _fast_table(text: str, start: int, names: list[str], file: str, encoding: str) -> TextTable:
    """The common case — one row per line, as wide as the header — parsed by Arrow. The rows
    keep their line numbers (empty lines are skipped); anything else raises _Irregular."""
    lines = text.split("\n")
    body = "\n".join(lines[start + 1 :]).encode("utf-8")
    numbers = np.asarray(
        [i + 1 for i in range(start + 1, len(lines)) if lines[i].strip("\r")], dtype=np.int64
    )

    irregular: list[object] = []

    def note(row: object) -> str:
        irregular.append(row)  # raising here would be swallowed by Arrow
        return "skip"

    width = max(len(names), 1)
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=[f"c{i}" for i in range(width)]),
            parse_options=pacsv.ParseOptions(invalid_row_handler=note),
            convert_options=pacsv.ConvertOptions(
                column_types={f"c{i}": pa.string() for i in range(width)},
                null_values=[],
                strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        raise _Irregular from None
    if irregular or table.num_rows != len(numbers):
        raise _Irregular
    return table_from_columns(names, list(table.columns), numbers, file=file, encoding=encoding)


def read_csv_table(path: Path | str, *, data: bytes | None = None, name: str = "") -> TextTable:
    """A CSV file (or its bytes) as a TextTable; the header is the first non-blank row."""
    file = name or str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TableError(
                file, _("cannot be read: {error}").format(error=exc.strerror)
            ) from None
    text, encoding = decode_csv(data, file)
    if _plain_lines(text):
        header = _header_line(text)
        if header is not None:
            start, cells = header
            names = _names(cells, file, start + 1)
            try:
                return _fast_table(text, start, names, file, encoding)
            except _Irregular:
                pass  # the exact reader below names the row
    rows = _records(text, file)
    start_row = first_nonblank(rows)
    if start_row is None:
        raise TableError(file, _("holds no header row"))
    names = _names([c or "" for c in rows[start_row]], file, start_row + 1)
    body = rows[start_row + 1 :]
    _check_widths(body, len(names), start_row + 2, file)
    return build_table(names, body, start_row + 2, file=file, encoding=encoding)


def _plain_lines(text: str) -> bool:
    """True when every row is one line: no lone carriage return, no quoted line break (a line
    with an odd number of quotes)."""
    if "\r" in text.replace("\r\n", ""):
        return False
    return '"' not in text or not any(line.count('"') % 2 for line in text.split("\n"))


def _header_line(text: str) -> tuple[int, list[str]] | None:
    """The first line with a non-blank cell (line index, cells)."""
    for index, line in enumerate(text.split("\n", 64)[:64]):
        cells = next(csv.reader([line.rstrip("\r")]), [])
        if any(cell.strip() for cell in cells):
            return index, cells
    return None


def _names(cells: list[str], file: str, row: int) -> list[str]:
    names = header_names(cells, file, "", row)
    while names and not names[-1]:
        names.pop()  # trailing empty header cells: Excel's padding
    return names
