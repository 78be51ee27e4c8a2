"""Reads a roster — an .xlsx workbook or a folder of two CSV files — into all-text Arrow tables.

The reading itself is the shared tabular reader's (``fupin.tabular``): every cell becomes text, or
null only when it is empty, so the validator sees exactly what the user typed and can name it. A
``_row`` column keeps each row's spreadsheet row number; a user's own column of that name is
ignored like every other unknown column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from fupin.i18n import gettext as _
from fupin.rules.columns import HOUSEHOLDS_SHEET, MEMBERS_SHEET
from fupin.rules.roster.problems import Problem
from fupin.tabular import TableError, TextTable, read_csv_table, read_xlsx_tables
from fupin.tabular.cells import cell_text, number_text

__all__ = ["ROW", "RawRoster", "RosterReadError", "cell_text", "number_text", "read_roster"]

ROW = "_row"
RowProgress = Callable[[int], None]
_SHEETS = (HOUSEHOLDS_SHEET, MEMBERS_SHEET)


class RosterReadError(ValueError):
    """The roster cannot be opened at all; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class RawRoster:
    """The two sheets as text tables, each with its ``_row`` numbers."""

    households: pa.Table
    members: pa.Table
    source: Path
    encodings: tuple[str, ...] = ()  # how each CSV sheet was decoded (empty for a workbook)


def _refusal(error: TableError, sheet: str) -> RosterReadError:
    # A problem of the whole workbook is reported under the file's own name.
    place = error.sheet or sheet or error.file
    return RosterReadError(Problem(place, error.row, error.column, "", error.message, fatal=True))


def _with_rows(table: TextTable) -> pa.Table:
    columns = table.columns
    if ROW in columns.column_names:  # a user's column of that name is unknown, hence ignored
        columns = columns.drop_columns([ROW])
    return columns.append_column(ROW, pa.array(table.rows, pa.int64()))


def read_roster(path: str | Path, on_rows: RowProgress | None = None) -> RawRoster:
    """Reads a roster from an .xlsx workbook or a folder holding households.csv and members.csv.

    ``on_rows(count)`` is told how many more workbook rows were read (every few thousand).
    Raises RosterReadError naming the sheet, row and column when a sheet cannot be read.
    """
    path = Path(path)
    if path.is_dir():
        tables = {name: _csv_sheet(path / f"{name}.csv", name) for name in _SHEETS}
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        try:
            tables = read_xlsx_tables(path, _SHEETS, on_rows)
        except TableError as exc:
            raise _refusal(exc, "") from None
    else:
        message = _(
            "not found: give an .xlsx workbook or a folder with households.csv and members.csv"
        )
        raise RosterReadError(Problem(str(path), 0, "", "", message, fatal=True))
    encodings = tuple(t.encoding for t in tables.values() if t.encoding)
    households, members = (_with_rows(tables[name]) for name in _SHEETS)
    return RawRoster(households, members, path, encodings)


def _csv_sheet(path: Path, sheet: str) -> TextTable:
    if not path.is_file():
        message = _("file {name} is missing").format(name=path.name)
        raise RosterReadError(Problem(sheet, 0, "", "", message, fatal=True))
    try:
        return read_csv_table(path, name=path.name)
    except TableError as exc:
        raise _refusal(exc, sheet) from None
