"""The exclusion facts in the kernel's input: every path that builds it carries them alike.

A roster (``fupin.rules.roster.typing``), one household of the card (``fupin.rules.single``) and
the registry's households (``fupin.registry.selectors.kernel_input``) all hand the kernel these
optional columns (``fupin.rules.columns.EXCLUSION_*``): yes / no as text, like the other coded
columns, counts as int32, and null where the fact is not recorded (an absent column or an empty
cell). The kernel itself does not read them; the exclusion rules do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col

COUNT_TYPE = pa.int32()


def _names(sheet: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if sheet == col.HOUSEHOLDS_SHEET:
        return col.EXCLUSION_HOUSEHOLD_FLAGS, col.COUNT_COLUMNS
    return col.EXCLUSION_MEMBER_FLAGS, ()


def typed_facts(table: pa.Table, sheet: str) -> dict[str, pa.Array | pa.ChunkedArray]:
    """The facts of a validated text table (``sheet``: households or members), typed."""
    flags, counts = _names(sheet)
    n = table.num_rows
    data: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name in flags:
        data[name] = table[name] if name in table.column_names else pa.nulls(n, pa.string())
    for name in counts:
        present = name in table.column_names
        data[name] = pc.cast(table[name], COUNT_TYPE) if present else pa.nulls(n, COUNT_TYPE)
    return data


def fact_columns(rows: Sequence[Mapping[str, Any]], sheet: str) -> dict[str, pa.Array]:
    """The facts of rows given as mappings with roster names (a missing key is null)."""
    flags, counts = _names(sheet)
    data = {name: pa.array([_flag(r.get(name)) for r in rows], pa.string()) for name in flags}
    for name in counts:
        data[name] = pa.array([_count(r.get(name)) for r in rows], COUNT_TYPE)
    return data


def _flag(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None if value is None or value == "" else str(value)


def _count(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)
