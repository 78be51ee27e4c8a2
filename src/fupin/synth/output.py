"""Writing a generated county: a Parquet dataset, or a roster for `fupin identify` (CSV or xlsx)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from fupin.synth.constants import HOUSEHOLD_ROSTER_COLUMNS, MEMBER_ROSTER_COLUMNS, MONEY_COLUMNS
from fupin.synth.county import SynthCounty

ROW_GROUP = 65_536
MONEY_OR_PREVIOUS = frozenset(MONEY_COLUMNS) | {"previous_per_capita_net_income"}
Progress = Callable[[int], None]


def write_parquet(county: SynthCounty, out_dir: str | Path) -> Path:
    """Writes regions.parquet, households/part-0.parquet and members/part-0.parquet under out_dir."""
    out = Path(out_dir)
    for folder in ("households", "members"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    pq.write_table(county.regions, out / "regions.parquet")
    pq.write_table(
        county.households, out / "households" / "part-0.parquet", row_group_size=ROW_GROUP
    )
    pq.write_table(county.members, out / "members" / "part-0.parquet", row_group_size=ROW_GROUP)
    return out


def roster_tables(county: SynthCounty) -> tuple[pa.Table, pa.Table]:
    """The households and members tables cut down to the roster columns of `fupin identify`."""
    return (
        county.households.select(list(HOUSEHOLD_ROSTER_COLUMNS)),
        county.members.select(list(MEMBER_ROSTER_COLUMNS)),
    )


def write_roster(county: SynthCounty, path: str | Path, progress: Progress | None = None) -> Path:
    """Writes the roster: an .xlsx workbook (sheets households, members) or a folder of two CSVs."""
    target = Path(path)
    households, members = roster_tables(county)
    if target.suffix.lower() == ".xlsx":
        _write_xlsx(target, households, members, progress)
    else:
        target.mkdir(parents=True, exist_ok=True)
        options = pacsv.WriteOptions(quoting_style="needed")
        pacsv.write_csv(households, target / "households.csv", options)
        pacsv.write_csv(members, target / "members.csv", options)
    return target


def _rows(table: pa.Table) -> Iterator[tuple[object, ...]]:
    # Money as numbers (so Excel can sum them), converted Decimal → float by Python, which rounds
    # correctly: Arrow's decimal-to-float cast can leave 904.0500000000001 in a cell.
    money = [name in MONEY_OR_PREVIOUS for name in table.column_names]
    for batch in table.to_batches(10_000):
        columns = [
            [None if v is None else float(v) for v in c.to_pylist()] if is_money else c.to_pylist()
            for c, is_money in zip(batch.columns, money, strict=True)
        ]
        yield from zip(*columns, strict=True)


def _write_xlsx(
    target: Path, households: pa.Table, members: pa.Table, progress: Progress | None
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for title, table in (("households", households), ("members", members)):
        sheet = workbook.create_sheet(title)
        sheet.append(table.column_names)
        money_at = [i for i, n in enumerate(table.column_names) if n in MONEY_OR_PREVIOUS]
        for count, row in enumerate(_rows(table), start=1):
            values = list(row)
            for i in money_at:
                if values[i] is not None:
                    cell = WriteOnlyCell(sheet, value=values[i])
                    cell.number_format = "0.00"
                    values[i] = cell
            sheet.append(values)
            if progress and count % 10_000 == 0:
                progress(10_000)
    workbook.save(target)
