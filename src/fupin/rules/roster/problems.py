"""Problems found in a roster: where (sheet, spreadsheet row, column), what value, and why."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from fupin.i18n import gettext as _
from fupin.tabular.atomic import replaced_atomically

ERROR_COLUMNS = ("sheet", "row", "column", "value", "message")


@dataclass(frozen=True)
class Problem:
    """One invalid value; ``row`` is the spreadsheet row number (the header is row 1)."""

    sheet: str
    row: int
    column: str
    value: str
    message: str
    household_id: str | None = None  # the household it makes invalid, if any
    fatal: bool = False  # the roster cannot be read at all (missing sheet or column)


@dataclass
class ProblemList:
    """Collects problems from whole-column checks; only the failing rows cost Python work."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Adds one problem."""
        self.items.append(problem)

    def add_rows(
        self,
        sheet: str,
        column: str,
        failing: np.ndarray,
        rows: np.ndarray,
        values: pa.Array | None,
        households: pa.Array | None,
        message: str | Sequence[str],
    ) -> None:
        """Adds a problem for each row where ``failing`` is true; message is shared or per failing row."""
        where = np.flatnonzero(failing)
        if not len(where):
            return
        shown = _texts(values, where)
        owners = _texts(households, where, empty=None)
        messages = [message] * len(where) if isinstance(message, str) else list(message)
        for i, position in enumerate(where):
            self.items.append(
                Problem(sheet, int(rows[position]), column, shown[i], messages[i], owners[i])
            )

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Problems in reading order: households sheet first, then by row and column."""
        order = {"households": 0, "members": 1}
        return sorted(self.items, key=lambda p: (order.get(p.sheet, 2), p.sheet, p.row, p.column))

    @property
    def fatal(self) -> bool:
        """True when the roster could not be read well enough to check row by row."""
        return any(p.fatal for p in self.items)

    def invalid_households(self) -> set[str]:
        """The household ids that some problem makes invalid."""
        return {p.household_id for p in self.items if p.household_id}


def _texts(values: pa.Array | None, where: np.ndarray, empty: str | None = "") -> list:
    if values is None:
        return [empty] * len(where)
    picked = values.take(pa.array(where)).to_pylist()
    return [empty if v is None else str(v) for v in picked]


def write_errors_csv(problems: Iterable[Problem], path: Path) -> None:
    """Writes the error report (UTF-8 with BOM so Excel opens Chinese text correctly), whole or
    not at all."""
    with (
        replaced_atomically(path) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(ERROR_COLUMNS)
        for p in problems:
            # Row 0 is no row: a problem of the whole file or sheet leaves the cell empty.
            writer.writerow((p.sheet, p.row or "", p.column, p.value, p.message))


def summary_lines(problems: Sequence[Problem], shown: int = 20) -> list[str]:
    """A short human summary: the count, problems per sheet and column, and the first few."""
    lines = [_("{count} problem(s) found in the roster.").format(count=len(problems))]
    per_column = Counter((p.sheet, p.column) for p in problems)
    for (sheet, column), count in sorted(per_column.items()):
        lines.append(
            _("  {sheet} / {column}: {count}").format(sheet=sheet, column=column, count=count)
        )
    for p in problems[:shown]:
        if not p.row or not p.column:
            where = _("{sheet} row {row}").format(sheet=p.sheet, row=p.row) if p.row else p.sheet
            lines.append(_("  {place}: {message}").format(place=where, message=p.message))
            continue
        lines.append(
            _("  {sheet} row {row}, {column} = {value!r}: {message}").format(
                sheet=p.sheet, row=p.row, column=p.column, value=p.value, message=p.message
            )
        )
    if len(problems) > shown:
        lines.append(_("  … and {count} more.").format(count=len(problems) - shown))
    return lines
