"""Writing a panel in the roster format: a folder of CSV files or an .xlsx workbook.

Sheets (or files) ``households`` — the roster columns, one row per (household_id, year) — and
``members`` — the roster columns plus ``left_year``; a third, ``shocks``, holds the events drawn
(the truth; readers of the roster ignore it).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from fupin.synth.constants import HOUSEHOLD_ROSTER_COLUMNS, MEMBER_ROSTER_COLUMNS, MONEY_COLUMNS
from fupin.synth.panel import SynthPanel

MEMBER_PANEL_COLUMNS = MEMBER_ROSTER_COLUMNS + ("left_year",)
MONEY_OR_PREVIOUS = frozenset(MONEY_COLUMNS) | {"previous_per_capita_net_income"}


def panel_sheets(panel: SynthPanel) -> dict[str, pa.Table]:
    """The three sheets of a written panel, roster columns only."""
    return {
        "households": panel.households.select(list(HOUSEHOLD_ROSTER_COLUMNS)),
        "members": panel.members.select(list(MEMBER_PANEL_COLUMNS)),
        "shocks": panel.shocks,
    }


def write_panel(panel: SynthPanel, path: str | Path) -> Path:
    """Writes the panel as an .xlsx workbook (by suffix) or as CSV files in a folder."""
    target = Path(path)
    sheets = panel_sheets(panel)
    if target.suffix.lower() == ".xlsx":
        _write_xlsx(target, sheets)
        return target
    target.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(quoting_style="needed")
    for name, table in sheets.items():
        pacsv.write_csv(table, target / f"{name}.csv", options)
    return target


def _write_xlsx(target: Path, sheets: dict[str, pa.Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(table.column_names)
        money_at = {i for i, name in enumerate(table.column_names) if name in MONEY_OR_PREVIOUS}
        columns = [
            table[name].cast(pa.float64()) if i in money_at else table[name]
            for i, name in enumerate(table.column_names)
        ]
        for row in zip(*(column.to_pylist() for column in columns), strict=True):
            values: list[object] = list(row)
            for i in money_at:
                if values[i] is not None:
                    cell = WriteOnlyCell(sheet, value=values[i])
                    cell.number_format = "0.00"
                    values[i] = cell
            sheet.append(values)
    workbook.save(target)
