"""A sheet as text: the header's column names, the cells as Arrow text columns, and row numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.tabular.errors import TableError


@dataclass(frozen=True)
class TextTable:
    """One sheet: text columns keyed by their (trimmed) header, each row's spreadsheet number."""

    columns: pa.Table
    rows: np.ndarray
    file: str
    sheet: str = ""
    encoding: str = ""  # how a CSV was decoded ("" for a workbook)
    letters: dict[str, str] = field(default_factory=dict)  # column name → its letter (A, B, …)

    @property
    def num_rows(self) -> int:
        """How many data rows (blank rows are not counted)."""
        return len(self.rows)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return text or None


def header_names(cells: Sequence[str | None], file: str, sheet: str, row: int) -> list[str]:
    """The trimmed header names; two columns with one name are refused, naming both."""
    names = [(_cell(c) or "").lstrip("\ufeff").strip() for c in cells]
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            message = _("columns {first} and {second} are both named {name!r}").format(
                first=column_letter(seen[name]), second=column_letter(index), name=name
            )
            raise TableError(file, message, sheet=sheet, row=row, column=name)
        seen[name] = index
    return names


Rows = list[list[str | None]]  # a sheet's rows in order: row number = position + 1


def _fit(cells: list[str | None], width: int, number: int, file: str, sheet: str) -> list:
    """The row cut or padded to the header's width; a value beyond the header is refused, so a
    shifted row is never read into the wrong column."""
    if len(cells) > width:
        extra = next((i for i in range(width, len(cells)) if _cell(cells[i])), None)
        if extra is not None:
            message = _("a value beyond the last named column: {value!r}").format(
                value=cells[extra]
            )
            raise TableError(file, message, sheet=sheet, row=number, column=column_letter(extra))
        return cells[:width]
    return cells + [None] * (width - len(cells))


def _text_column(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    # Trimmed, and empty only when nothing but spaces was there: whole columns at once.
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    column = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def build_table(
    names: list[str],
    rows: Rows,
    first: int,
    *,
    file: str,
    sheet: str = "",
    encoding: str = "",
) -> TextTable:
    """A TextTable from the header's names and the data rows, the first of them row ``first``;
    blank rows are dropped and the others keep their numbers."""
    width = len(names)
    fitted = [
        c if len(c) == width else _fit(c, width, first + i, file, sheet) for i, c in enumerate(rows)
    ]
    transposed = list(zip(*fitted, strict=True)) if fitted else [() for _ in names]
    numbers = np.arange(first, first + len(fitted), dtype=np.int64)
    columns = [pa.array(values, pa.string()) for values in transposed]
    return table_from_columns(names, columns, numbers, file=file, sheet=sheet, encoding=encoding)


def table_from_columns(
    names: list[str],
    columns: list[pa.Array],
    numbers: np.ndarray,
    *,
    file: str,
    sheet: str = "",
    encoding: str = "",
) -> TextTable:
    """A TextTable from one text column per header cell and each row's number: cells trimmed,
    blank cells empty, and rows with every cell blank dropped (their numbers with them)."""
    every = [_text_column(column) for column in columns]
    if every and len(numbers):
        filled = np.zeros(len(numbers), dtype=bool)
        for column in every:  # a row is blank when every cell is, named column or not
            filled |= column.is_valid().to_numpy(zero_copy_only=False)
        numbers = numbers[filled]
        every = [column.filter(pa.array(filled)) for column in every]
    named = {n: i for i, n in enumerate(names) if n}
    return TextTable(
        columns=pa.table({n: every[i] for n, i in named.items()}) if named else pa.table({}),
        rows=numbers,
        file=file,
        sheet=sheet,
        encoding=encoding,
        letters={n: column_letter(i) for n, i in named.items()},
    )


def first_nonblank(rows: Rows) -> int | None:
    """The position of the first row with any non-blank cell (the header), or None."""
    for position, cells in enumerate(rows):
        if any(_cell(c) for c in cells):
            return position
    return None
