"""Lists written as spreadsheets: CSV in UTF-8 with a byte-order mark (so Excel on Chinese
Windows reads it) or an .xlsx workbook, streamed row by row, whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from fupin.tabular.atomic import replaced_atomically

FORMATS = ("csv", "xlsx")
# A cell starting with one of these is a formula to a spreadsheet: text that a household's
# head typed as "=HYPERLINK(…)" must stay text in whoever opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | dt.date | None
RowDone = Callable[[int], None]


def guarded(value: Cell) -> Cell:
    """The cell as a spreadsheet should show it: text that would start a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(guarded(value))


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], done: RowDone):
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_text(name) for name in header])
        for count, row in enumerate(rows, start=1):  # noqa: B007  (the count is returned)
            writer.writerow([_text(value) for value in row])
            done(count)
    return count


def _write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], done: RowDone, title: str
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on a sheet's name

    def cell(value: Cell) -> object:
        if not isinstance(value, str):
            return value
        # A workbook cannot hold control characters (a CSV can): they become spaces.
        written = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(" ", value))
        written.data_type = "s"  # never a formula, whatever the text starts with
        return written

    sheet.append([cell(name) for name in header])
    count = 0
    try:
        for count, row in enumerate(rows, start=1):  # noqa: B007  (the count is returned)
            sheet.append([cell(value) for value in row])
            done(count)
    except BaseException:
        with suppress(Exception):
            sheet.close()  # ends openpyxl's stream cleanly (its temporary file goes at exit)
        raise
    workbook.save(path)
    return count


def write_rows(
    out: Path,
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str = "list",
    on_row: RowDone | None = None,
) -> int:
    """Writes ``header`` and ``rows`` to ``out`` as ``fmt`` (csv or xlsx); returns the rows
    written. ``on_row(count)`` follows the progress; a failure leaves no file behind."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    done = on_row or (lambda _count: None)
    with replaced_atomically(out) as temporary:
        if fmt == "csv":
            return _write_csv(temporary, header, rows, done)
        return _write_xlsx(temporary, header, rows, done, title)
