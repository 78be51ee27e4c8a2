"""Validated text tables to the typed tables the kernel reads (the fupin.synth contract)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col
from fupin.rules.facts import typed_facts
from fupin.rules.money import FEN_TYPE


def typed_households(table: pa.Table) -> pa.Table:
    """Households with int32 years and decimal128(18, 2) yuan (empty amounts are 0); the
    exclusion facts typed, null where not recorded (``fupin.rules.facts``)."""
    data: dict[str, pa.Array | pa.ChunkedArray] = {
        "household_id": table["household_id"],
        "village_code": table["village_code"],
        "year": pc.cast(table["year"], pa.int32()),
    }
    for name in col.HOUSEHOLD_ENUMS:
        data[name] = table[name]
    for name in col.MONEY_COLUMNS:
        data[name] = pc.cast(pc.fill_null(table[name], "0"), FEN_TYPE)
    if col.PREVIOUS_INCOME_COLUMN in table.column_names:
        data[col.PREVIOUS_INCOME_COLUMN] = pc.cast(table[col.PREVIOUS_INCOME_COLUMN], FEN_TYPE)
    else:
        data[col.PREVIOUS_INCOME_COLUMN] = pa.nulls(table.num_rows, FEN_TYPE)
    data.update(typed_facts(table, col.HOUSEHOLDS_SHEET))
    return pa.table(data)


def typed_members(table: pa.Table) -> pa.Table:
    """Members with upper-case ID numbers; other columns stay text."""
    data = {name: table[name] for name in col.MEMBER_COLUMNS}
    data["id_number"] = pc.utf8_upper(table["id_number"])
    data.update(typed_facts(table, col.MEMBERS_SHEET))
    return pa.table(data)
