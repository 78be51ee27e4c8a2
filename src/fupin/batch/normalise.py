"""Dataset columns to the kernel's types, exactly, and back to the text a roster would hold.

Money may arrive as decimal (any scale), int64 fen, float64 yuan or text; it leaves as
``decimal128(18, 2)`` built from integer fen, converted by the amount rules of
``fupin.rules.checks.amounts`` (a float is read at 15 significant digits, as a spreadsheet shows
it). Anything that cannot be taken exactly as it is marks its row *suspect*, and the roster
validator then describes it from the row's text (``as_text``), exactly as `fupin identify` would.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col
from fupin.rules.checks.amounts import decimal_text, fen_reasons, money_fen
from fupin.rules.money import FEN_TYPE, fen_to_decimal_array, fen_to_text
from fupin.rules.roster.reader import number_text

MONEY_OR_PREVIOUS = col.MONEY_COLUMNS + (col.PREVIOUS_INCOME_COLUMN,)


def typed_money(values: pa.ChunkedArray | pa.Array, nullable: bool) -> tuple[pa.Array, np.ndarray]:
    """A decimal128(18, 2) column and the rows that cannot be taken as they are (suspect).

    Suspect: wrong by the amount rules of ``fupin.rules.checks.amounts`` — not exact to the
    fen, negative (except the previous year's figure, the one ``nullable`` column) or 10^12 yuan
    or more. Empty cells mean 0, except the optional previous figure, which stays empty.
    """
    fen, present, exact = money_fen(values)
    # An inexact amount holds 0 fen, so its sign is unknown here: it is suspect as inexact.
    found = fen_reasons(fen, present, exact, fen < 0, signed=nullable)
    suspect = np.logical_or.reduce(list(found.values()))
    array = fen_to_decimal_array(fen)
    if nullable and not present.all():
        array = pc.if_else(pa.array(present), array, pa.scalar(None, FEN_TYPE))
    return array, suspect


def string_column(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Any column as plain ``string`` (dictionaries decoded, dates ISO, empty text null)."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_timestamp(array.type):
        array = pc.cast(array, pa.date32())
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    if not _has_empty(array):
        return array
    return pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)


def _has_empty(array: pa.Array) -> bool:
    # Zero-length values, read from the offsets without a string comparison.
    n = len(array)
    if n == 0 or array.null_count:
        return n > 0  # with nulls, let the general comparison decide
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + n + 1]
    return bool((np.diff(offsets) == 0).any())


def typed_year(values: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray]:
    """int32 years and the rows that are not a four-digit year."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if not pa.types.is_integer(array.type):
        text = string_column(array)
        shaped = _numpy(pc.fill_null(pc.match_substring_regex(text, r"^[0-9]{4}$"), False))
        array = pc.cast(pc.if_else(pa.array(shaped), text, pa.scalar("0")), pa.int64())
    year = np.asarray(pc.fill_null(pc.cast(array, pa.int64()), 0).to_numpy(), np.int64)
    suspect = (year < 1000) | (year > 9999)
    return pa.array(np.where(suspect, 0, year).astype(np.int32)), suspect


def normalise_households(table: pa.Table) -> tuple[pa.Table, np.ndarray]:
    """Households in the kernel's types and the rows whose values could not be taken as given."""
    suspect = np.zeros(table.num_rows, dtype=bool)
    data: dict[str, pa.Array] = {}
    for name in ("household_id", "village_code", *col.HOUSEHOLD_ENUMS):
        data[name] = string_column(table[name])
    data["year"], bad_year = typed_year(table["year"])
    suspect |= bad_year
    for name in MONEY_OR_PREVIOUS:
        nullable = name == col.PREVIOUS_INCOME_COLUMN
        if name not in table.column_names:
            data[name] = pa.nulls(table.num_rows, FEN_TYPE)
            continue
        data[name], bad = typed_money(table[name], nullable)
        suspect |= bad
    return pa.table(data), suspect


def normalise_members(table: pa.Table) -> pa.Table:
    """Members with every roster column as text (birth dates as YYYY-MM-DD, IDs upper-case)."""
    data = {name: string_column(table[name]) for name in col.MEMBER_COLUMNS}
    data["id_number"] = pc.utf8_upper(data["id_number"])
    return pa.table(data)


def as_text(table: pa.Table, names: tuple[str, ...]) -> pa.Table:
    """The roster's view of rows: every column as the text a spreadsheet cell would hold."""
    data = {}
    for name in names:
        if name not in table.column_names:
            continue
        values = table[name].combine_chunks()
        if name in MONEY_OR_PREVIOUS and pa.types.is_integer(values.type):
            text = fen_to_text(np.asarray(pc.fill_null(values, 0).to_numpy(), np.int64))
            values = pc.if_else(pc.is_valid(values), text, pa.scalar(None, pa.string()))
        elif pa.types.is_decimal(values.type):
            values = decimal_text(values)
        elif pa.types.is_floating(values.type):
            # Only the few rows shown to the validator: the spreadsheet's view of a number.
            shown = [None if v is None else number_text(v) for v in values.to_pylist()]
            values = pa.array(shown, pa.string())
        data[name] = string_column(values)
    return pa.table(data)


def _numpy(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
