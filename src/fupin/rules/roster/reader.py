"""Reads a roster — an .xlsx workbook or a folder of two CSV files — into all-text Arrow tables.

Every cell becomes text (or null when empty) so the validator sees exactly what the user typed and
can name it; a ``_row`` column keeps each row's spreadsheet row number (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from fupin.i18n import gettext as _
from fupin.rules.columns import HOUSEHOLDS_SHEET, MEMBERS_SHEET
from fupin.rules.roster.problems import Problem

ROW = "_row"
PROGRESS_EVERY = 5_000
RowProgress = Callable[[int], None]


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


def read_roster(path: str | Path, on_rows: RowProgress | None = None) -> RawRoster:
    """Reads a roster from an .xlsx workbook or a folder holding households.csv and members.csv.

    ``on_rows(count)`` is told how many more workbook rows were read (every few thousand).
    """
    path = Path(path)
    if path.is_dir():
        sheets = {name: read_csv_sheet(path / f"{name}.csv", name) for name in _SHEETS}
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        sheets = read_xlsx(path, on_rows)
    else:
        message = _(
            "not found: give an .xlsx workbook or a folder with households.csv and members.csv"
        )
        raise RosterReadError(Problem(str(path), 0, "", "", message, fatal=True))
    return RawRoster(sheets[HOUSEHOLDS_SHEET], sheets[MEMBERS_SHEET], path)


_SHEETS = (HOUSEHOLDS_SHEET, MEMBERS_SHEET)


def read_csv_sheet(path: Path, sheet: str) -> pa.Table:
    """One CSV sheet as text columns (trimmed; empty cells null) with spreadsheet row numbers."""
    if not path.is_file():
        raise RosterReadError(
            Problem(
                sheet, 0, "", "", _("file {name} is missing").format(name=path.name), fatal=True
            )
        )
    header = _csv_header(path)
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8"),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise RosterReadError(
            Problem(
                sheet,
                0,
                "",
                "",
                _("cannot read the CSV file: {error}").format(error=exc),
                fatal=True,
            )
        ) from None
    table = table.rename_columns([name.lstrip("\ufeff").strip() for name in table.column_names])
    table = _tidy(table)
    return table.append_column(ROW, pa.array(_csv_rows(path, table.num_rows), pa.int64()))


def _csv_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    return next(csv.reader([first]), [])


def _csv_rows(path: Path, count: int) -> np.ndarray:
    # The reader skips blank lines; recover true line numbers only when there are any.
    data = path.read_bytes()
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    if data.find(b"\n\n", 0, end) < 0 and data.find(b"\n\r\n", 0, end) < 0:
        return np.arange(2, count + 2, dtype=np.int64)
    numbers = [i + 1 for i, line in enumerate(data.splitlines()) if line.strip()]
    return np.asarray(numbers[1 : count + 1], dtype=np.int64)


def read_xlsx(path: Path, on_rows: RowProgress | None = None) -> dict[str, pa.Table]:
    """Both sheets of a workbook (openpyxl read-only) as text tables."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RosterReadError(
            Problem(
                path.name,
                0,
                "",
                "",
                _("cannot open the workbook: {error}").format(error=exc),
                fatal=True,
            )
        ) from None
    try:
        sheets = {}
        for name in _SHEETS:
            if name not in workbook.sheetnames:
                raise RosterReadError(
                    Problem(
                        name,
                        0,
                        "",
                        "",
                        _("the workbook has no sheet named {name}").format(name=name),
                        fatal=True,
                    )
                )
            sheets[name] = _sheet_table(workbook[name].iter_rows(values_only=True), on_rows)
        return sheets
    finally:
        workbook.close()


def _sheet_table(rows, on_rows: RowProgress | None = None) -> pa.Table:
    header = next(rows, None) or ()
    names = [str(h).strip() if h is not None else "" for h in header]
    columns: list[list[str | None]] = [[] for _ in names]
    numbers: list[int] = []
    for number, row in enumerate(rows, start=2):
        cells = [cell_text(value) for value in row[: len(names)]]
        if not any(cells):
            continue  # blank rows are skipped but keep the numbering
        cells += [None] * (len(names) - len(cells))
        for column, cell in zip(columns, cells, strict=True):
            column.append(cell)
        numbers.append(number)
        if on_rows is not None and len(numbers) % PROGRESS_EVERY == 0:
            on_rows(PROGRESS_EVERY)
    data = {
        name: pa.array(values, pa.string())
        for name, values in zip(names, columns, strict=True)
        if name
    }
    table = _tidy(pa.table(data) if data else pa.table({}))
    return table.append_column(ROW, pa.array(numbers, pa.int64()))


def cell_text(value: object) -> str | None:
    """A cell's value as the text the user typed; numbers exactly, never through float arithmetic."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    text = str(value).strip()
    return text or None


def number_text(value: float) -> str:
    """A numeric cell as decimal text at Excel's precision of 15 significant digits.

    Excel computes and displays numbers to 15 significant digits, so a stored double such as
    904.0500000000001 (noise from a formula or a float conversion) is the 904.05 the user sees;
    a real third decimal such as 1.005 stays and is reported as over-precise.
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(Decimal(format(value, ".15g")), "f")


def _tidy(table: pa.Table) -> pa.Table:
    # Trim every cell and treat blank text as empty.
    tidied = []
    for column in table.columns:
        trimmed = pc.utf8_trim_whitespace(column)
        tidied.append(pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed))
    return pa.table(tidied, names=table.column_names)
