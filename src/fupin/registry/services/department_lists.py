"""A department's list of people (CSV or xlsx) read into checked rows and matched to members.

Every department list has the same shape — an ID number, a name, a date, perhaps an amount and a
note — whatever it reports (a hospital stay, a car, a flat, a company). Monitoring reads health,
civil-affairs, disaster and job-loss lists with it; identification reads vehicle, property,
business and payroll registries. No row is dropped silently: each unusable row becomes a problem
with its row number, column, code and value, which ``problem_rows`` words for the report.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin import idnumber
from fupin.registry.errors import RecordError
from fupin.registry.models import Member
from fupin.tabular import TableError, TextTable, read_csv_table, read_xlsx_tables

# Canonical column → accepted header names (lower case), English and Chinese.
HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("id_number", "id number", "身份证号", "身份证号码", "公民身份号码"),
    "name": ("name", "姓名"),
    "date": ("date", "日期", "入院日期", "就诊日期", "发生日期", "结算日期", "登记日期"),
    "amount": ("amount", "out_of_pocket", "金额", "自付金额", "个人自付", "损失金额"),
    "note": ("note", "说明", "备注", "事由", "类别"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
PROBLEM_TEXT = {
    "invalid_id": gettext_lazy("not a valid resident ID number"),
    "invalid_date": gettext_lazy("not a date (write 2025-03-01), or a date in the future"),
    "invalid_amount": gettext_lazy("not an amount in yuan (0 or more)"),
    "missing_amount": gettext_lazy("the amount is missing"),
    "duplicate": gettext_lazy("repeats row %(first)s"),
    "unknown_id": gettext_lazy("no active member with this ID number in your area"),
    "name_mismatch": gettext_lazy("the name differs from the registry's"),
}
COLUMN_LABELS = {
    "id_number": gettext_lazy("ID number"),
    "name": gettext_lazy("name"),
    "date": gettext_lazy("date"),
    "amount": gettext_lazy("amount"),
    "note": gettext_lazy("note"),
}


@dataclass
class RowProblem:
    """A row that was not used, why (``code``), in which column, with the offending value."""

    row: int
    column: str
    code: str
    value: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The problem as an import's report keeps it (JSON)."""
        return problem(self.row, self.column, self.code, self.value, **self.detail)


@dataclass
class ListRow:
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

    rows: list[ListRow]
    problems: list[RowProblem]
    total: int
    headers: dict[str, str]  # canonical column → header as written in the file


class DepartmentListError(RecordError):
    """The file cannot be read as a list at all (format, sheet, missing column)."""


def problem(row: int, column: str, code: str, value: str = "", **detail: Any) -> dict[str, Any]:
    """One unusable row as a report keeps it."""
    return {"row": row, "column": column, "code": code, "value": value, "detail": detail}


def read_cells(file_name: str, content: bytes) -> TextTable:
    """The file's cells as a text table (first sheet of an xlsx); raises DepartmentListError."""
    lower = file_name.lower()
    try:
        if lower.endswith(".xlsx"):
            source = io.BytesIO(content)
            source.name = file_name  # type: ignore[attr-defined]
            return next(iter(read_xlsx_tables(source).values()))
        if lower.endswith((".csv", ".txt")):
            return read_csv_table(file_name, data=content, name=file_name)
    except TableError as exc:
        place = f"row {exc.row}" if exc.row else (exc.column or "file")
        raise DepartmentListError([(place, exc.message)]) from None
    raise DepartmentListError([("file", _("only .csv and .xlsx files can be imported"))])


def _header_map(header: list[str], required: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        for column, names in HEADERS.items():
            if name.strip().lower() in names and column not in found:
                found[column] = index
    message = _("row 1: the required column %(column)s is missing")
    missing = [(c, message % {"column": c}) for c in required if c not in found]
    if missing:
        raise DepartmentListError(missing)
    return found


def parse_date(text: str) -> dt.date | None:
    """A date from the usual written forms, or None."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:10] if "-" in text else text, pattern).date()
        except ValueError:
            continue
    return None


def _amount(number: int, text: str, needed: bool) -> Decimal | None | RowProblem:
    if not text:
        return RowProblem(number, "amount", "missing_amount") if needed else None
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        return RowProblem(number, "amount", "invalid_amount", text)
    return amount


def _row(
    number: int, cells: dict[str, str], amount_needed: bool, today: dt.date
) -> ListRow | RowProblem:
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
    amount = _amount(number, cells.get("amount", ""), amount_needed)
    if isinstance(amount, RowProblem):
        return amount
    return ListRow(number, id_text, cells.get("name", ""), date, amount, cells.get("note", ""))


def parse_rows(
    file_name: str, content: bytes, required: tuple[str, ...], today: dt.date
) -> ParsedList:
    """Checks every row of a department list; the first row holds the column names."""
    table = read_cells(file_name, content)
    header = table.columns.column_names
    columns = _header_map(header, required)
    parsed = ParsedList([], [], 0, {c: header[i] for c, i in columns.items()})
    seen: dict[tuple[Any, ...], int] = {}
    values_by_column = {c: table.columns.column(i).to_pylist() for c, i in columns.items()}
    for position, offset in enumerate(table.rows.tolist()):
        parsed.total += 1
        cells = {c: values[position] or "" for c, values in values_by_column.items()}
        result = _row(offset, cells, "amount" in required, today)
        if isinstance(result, RowProblem):
            parsed.problems.append(result)
            continue
        key = (result.id_number, result.date, result.amount, result.note)
        if key in seen:
            masked = idnumber.mask(result.id_number)
            parsed.problems.append(
                RowProblem(offset, "id_number", "duplicate", masked, {"first": seen[key]})
            )
            continue
        seen[key] = offset
        parsed.rows.append(result)
    return parsed


def members_by_id(rows: list[ListRow], prefix: str) -> dict[str, Member]:
    """The active members in the area (code ``prefix``) whose ID numbers the rows name."""
    found = Member.objects.filter(
        active=True, id_number__in={row.id_number for row in rows},
        household__village__code__startswith=prefix,
    ).select_related("household")  # fmt: skip
    return {m.id_number: m for m in found}


def match_members(
    rows: list[ListRow], members: dict[str, Member]
) -> tuple[list[tuple[ListRow, Member]], list[dict[str, Any]]]:
    """Rows matched to an active member in the area, and the problems of the others."""
    matched, problems = [], []
    for row in rows:
        member = members.get(row.id_number)
        if member is None:
            problems.append(
                problem(row.row, "id_number", "unknown_id", idnumber.mask(row.id_number))
            )
        elif row.name and row.name != member.name:
            problems.append(problem(row.row, "name", "name_mismatch", row.name))
        else:
            matched.append((row, member))
    return matched, problems


def problem_rows(
    problems: list[dict[str, Any]], texts: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """A report's problems with their column and reason in the reader's language (``texts``: a
    caller's own codes on top of the shared ones)."""
    known = {**PROBLEM_TEXT, **(texts or {})}
    rows = []
    for entry in problems:
        text = str(known.get(entry["code"], entry["code"]))
        if "%(" in text:
            text = text % {"first": entry.get("detail", {}).get("first", "?")}
        column = str(COLUMN_LABELS.get(entry["column"], entry["column"]))
        rows.append(
            {"row": entry["row"], "column": column, "value": entry["value"], "reason": text}
        )
    return rows
