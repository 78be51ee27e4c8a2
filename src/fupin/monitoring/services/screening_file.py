"""Reading a department's list (CSV or xlsx) into checked rows; every bad cell named by row/column.

No database here: matching to members is the service's work (services/screening.py).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.monitoring.errors import MonitoringError
from fupin.tabular import TableError, TextTable, read_csv_table, read_xlsx_tables

# Canonical column → accepted header names (lower case), English and Chinese.
HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("id_number", "id number", "身份证号", "身份证号码", "公民身份号码"),
    "name": ("name", "姓名"),
    "date": ("date", "日期", "入院日期", "就诊日期", "发生日期", "结算日期"),
    "amount": ("amount", "out_of_pocket", "金额", "自付金额", "个人自付", "损失金额"),
    "note": ("note", "说明", "备注", "事由", "类别"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "health": ("id_number", "date", "amount"),
    "civil": ("id_number", "date"),
    "disaster": ("id_number", "date"),
    "hr": ("id_number", "date"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")


@dataclass
class RowProblem:
    """A row that was not used, why (``code``), in which column, with the offending value."""

    row: int
    column: str
    code: str
    value: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScreeningRow:
    """A well-formed row of a department list."""

    row: int
    id_number: str
    name: str
    date: dt.date
    amount: Decimal | None
    note: str


@dataclass
class ParsedList:
    """The rows that passed the format checks and the problems of the rest."""

    rows: list[ScreeningRow]
    problems: list[RowProblem]
    total: int
    headers: dict[str, str]  # canonical column → header as written in the file


class ScreeningFileError(MonitoringError):
    """The file cannot be read as a list at all (format, sheet, missing column)."""


def _refusal(error: TableError) -> ScreeningFileError:
    place = f"row {error.row}" if error.row else (error.column or "file")
    return ScreeningFileError([(place, error.message)])


def read_cells(file_name: str, content: bytes) -> TextTable:
    """The file's cells as a text table (first sheet of an xlsx); raises ScreeningFileError."""
    lower = file_name.lower()
    try:
        if lower.endswith(".xlsx"):
            source = io.BytesIO(content)
            source.name = file_name  # type: ignore[attr-defined]
            return next(iter(read_xlsx_tables(source).values()))
        if lower.endswith((".csv", ".txt")):
            return read_csv_table(file_name, data=content, name=file_name)
    except TableError as exc:
        raise _refusal(exc) from None
    raise ScreeningFileError([("file", _("only .csv and .xlsx files can be imported"))])


def _header_map(header: list[str], department: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        for column, names in HEADERS.items():
            if name.strip().lower() in names and column not in found:
                found[column] = index
    missing = [c for c in REQUIRED[department] if c not in found]
    if missing:
        raise ScreeningFileError(
            [
                (c, _("row 1: the required column %(column)s is missing") % {"column": c})
                for c in missing
            ]
        )
    return found


def parse_date(text: str) -> dt.date | None:
    """A date from the usual written forms, or None."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:10] if "-" in text else text, pattern).date()
        except ValueError:
            continue
    return None


def _row(
    number: int, cells: dict[str, str], department: str, today: dt.date
) -> ScreeningRow | RowProblem:
    id_text = cells.get("id_number", "").upper()
    try:
        idnumber.parse(id_text, today=today)
    except idnumber.IdNumberError as exc:
        return RowProblem(
            number, "id_number", "invalid_id", idnumber.mask(id_text), {"why": exc.code}
        )
    date = parse_date(cells.get("date", ""))
    if date is None or date > today:
        return RowProblem(number, "date", "invalid_date", cells.get("date", ""))
    amount: Decimal | None = None
    if cells.get("amount"):
        try:
            amount = Decimal(cells["amount"].replace(",", ""))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0:
            return RowProblem(number, "amount", "invalid_amount", cells["amount"])
    elif "amount" in REQUIRED[department]:
        return RowProblem(number, "amount", "missing_amount")
    return ScreeningRow(number, id_text, cells.get("name", ""), date, amount, cells.get("note", ""))


def parse_list(file_name: str, content: bytes, department: str, today: dt.date) -> ParsedList:
    """Checks every row of a department list; the first row holds the column names."""
    if department not in REQUIRED:
        raise ScreeningFileError(
            [("department", _("unknown department %(d)s") % {"d": department})]
        )
    table = read_cells(file_name, content)
    header = table.columns.column_names
    columns = _header_map(header, department)
    parsed = ParsedList(
        rows=[], problems=[], total=0, headers={c: header[i] for c, i in columns.items()}
    )
    seen: dict[tuple[Any, ...], int] = {}
    values_by_column = {c: table.columns.column(i).to_pylist() for c, i in columns.items()}
    for position, offset in enumerate(table.rows.tolist()):
        parsed.total += 1
        cells = {c: values[position] or "" for c, values in values_by_column.items()}
        result = _row(offset, cells, department, today)
        if isinstance(result, RowProblem):
            parsed.problems.append(result)
            continue
        key = (result.id_number, result.date, result.amount, result.note)
        if key in seen:
            parsed.problems.append(
                RowProblem(
                    offset,
                    "id_number",
                    "duplicate",
                    idnumber.mask(result.id_number),
                    {"first": seen[key]},
                )
            )
            continue
        seen[key] = offset
        parsed.rows.append(result)
    return parsed
