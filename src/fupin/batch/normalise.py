"""Dataset columns to the kernel's types, exactly, and back to the text a roster would hold.

Money may arrive as decimal (any scale), int64 fen, float64 yuan or text; it leaves as
``decimal128(18, 2)`` built from integer fen. A float is read as the roster reader reads a
spreadsheet number, at 15 significant digits (904.0500000000001 is 904.05, 1.005 is
over-precise); a decimal with more places is accepted when the extra digits are zeros. Anything that cannot
be converted exactly marks its row *suspect*, and the roster validator then describes it from
the row's text (``as_text``), exactly as `fupin identify` would.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col
from fupin.rules.money import FEN_TYPE, fen_to_decimal_array, fen_to_text, to_fen
from fupin.rules.roster.reader import number_text

MAX_FEN = 10**14  # the roster allows at most 12 digits of yuan
TEXT_AMOUNT = r"^-?[0-9]{1,16}(\.[0-9]{1,2})?$"
MONEY_OR_PREVIOUS = col.MONEY_COLUMNS + (col.PREVIOUS_INCOME_COLUMN,)


def money_fen(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fen, present, exact) for a money column of any accepted type; inexact rows hold 0 fen."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    present = _numpy(pc.is_valid(array))
    kind = array.type
    if pa.types.is_decimal(kind):
        return _decimal_fen(array, present)
    if pa.types.is_integer(kind):
        fen = np.asarray(pc.fill_null(pc.cast(array, pa.int64()), 0).to_numpy(), np.int64)
        return fen, present, np.ones(len(array), dtype=bool)
    if pa.types.is_floating(kind):
        return _float_fen(array, present)
    return _text_fen(pc.cast(array, pa.string()), present)


def _decimal_fen(array: pa.Array, present: np.ndarray):
    try:
        return to_fen(pc.cast(array, FEN_TYPE)), present, np.ones(len(array), bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # Some value has a third decimal or too many digits: go through text, row by row.
        return _text_fen(decimal_text(array), present)


def decimal_text(array: pa.Array) -> pa.Array:
    """Decimals as text without zeros beyond the fen (1.500 → 1.50), as a roster would hold them."""
    text = pc.cast(array, pa.string())
    if array.type.scale <= 2:
        return text
    return pc.replace_substring_regex(text, r"(\.[0-9]{2})0+$", r"\1")


def _float_fen(array: pa.Array, present: np.ndarray):
    # Like the roster reader (``number_text``): a double is read at 15 significant digits, so
    # 904.0500000000001 (noise of a conversion) is 904.05, while 1.005 is over-precise.
    yuan = np.asarray(pc.fill_null(pc.cast(array, pa.float64()), 0.0).to_numpy(), np.float64)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        scaled = np.rint(yuan * 100)
        magnitude = np.floor(np.log10(np.where(yuan == 0, 1.0, np.abs(yuan))))
        noise = np.abs(yuan - scaled / 100) <= 0.5 * 10.0 ** (magnitude - 14)
        exact = np.isfinite(scaled) & (np.abs(scaled) < 2**53) & noise
    fen = np.where(exact, scaled, 0).astype(np.int64)
    return fen, present, exact | ~present


def _text_fen(text: pa.Array, present: np.ndarray):
    shaped = _numpy(pc.fill_null(pc.match_substring_regex(text, TEXT_AMOUNT), False))
    safe = pc.if_else(pa.array(shaped), text, pa.scalar("0"))
    fen = to_fen(pc.cast(safe, FEN_TYPE))
    return fen, present, shaped | ~present


def typed_money(values: pa.ChunkedArray | pa.Array, nullable: bool) -> tuple[pa.Array, np.ndarray]:
    """A decimal128(18, 2) column and the rows that cannot be taken as they are (suspect).

    Suspect: not convertible exactly, negative (except the previous year's figure) or more than
    12 digits of yuan. Empty cells mean 0, except the optional previous figure, which stays empty.
    """
    fen, present, exact = money_fen(values)
    suspect = ~exact | (np.abs(fen) >= MAX_FEN)
    if not nullable:
        suspect |= fen < 0
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
