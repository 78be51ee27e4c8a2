"""Money amounts of a household: yuan, whole fen, not negative, below 10^12 yuan.

An amount may arrive as text (a roster cell), a decimal of any scale, integer fen (a batch
dataset) or a binary float (a spreadsheet number, read at 15 significant digits, as Excel shows
it: 904.0500000000001 is 904.05, 1.005 has a third decimal). ``money_fen`` converts any of them
to exact fen; ``amount_reasons`` says, per row, why an amount is wrong. The previous year's
per-capita figure may be negative (a loss); no other amount may.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules.checks.arrays import fails_pattern, matches
from fupin.rules.columns import PREVIOUS_INCOME_COLUMN
from fupin.rules.money import FEN_TYPE, to_fen

MAX_YUAN_DIGITS = 12  # whole yuan below 10^12; DecimalField(14, 2) in the registry
DECIMALS = 2  # whole fen
MAX_FEN = 10 ** (MAX_YUAN_DIGITS + DECIMALS)
SIGNED = (PREVIOUS_INCOME_COLUMN,)  # the amounts that may be negative
NEGATIVE, PRECISION, TOO_LARGE, NOT_AN_AMOUNT = "negative", "precision", "too_large", "not_amount"
REASONS = (NEGATIVE, PRECISION, TOO_LARGE, NOT_AN_AMOUNT)  # one per row, the first that holds

AMOUNT = rf"^[0-9]{{1,{MAX_YUAN_DIGITS}}}(\.[0-9]{{1,{DECIMALS}}})?$"
SIGNED_AMOUNT = rf"^-?[0-9]{{1,{MAX_YUAN_DIGITS}}}(\.[0-9]{{1,{DECIMALS}}})?$"
# Text money_fen converts exactly (too many digits are TOO_LARGE, not inexact).
TEXT_AMOUNT = r"^-?[0-9]{1,16}(\.[0-9]{1,2})?$"


def is_signed(column: str) -> bool:
    """True for the amounts that may be negative."""
    return column in SIGNED


def amount_reasons(
    values: pa.Array | pa.ChunkedArray, signed: bool = False
) -> dict[str, np.ndarray]:
    """For each row of a money column, which reason makes it wrong (at most one; empty is fine)."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return _text_reasons(array, signed)
    fen, present, exact = money_fen(array)
    negative = np.asarray(pc.fill_null(pc.less(array, 0), False).to_numpy(zero_copy_only=False))
    number = present & ~_not_finite(array)
    return fen_reasons(fen, present & number, exact, negative, signed) | {
        NOT_AN_AMOUNT: present & ~number
    }


def fen_reasons(
    fen: np.ndarray, present: np.ndarray, exact: np.ndarray, negative: np.ndarray, signed: bool
) -> dict[str, np.ndarray]:
    """The reasons of amounts already converted (``money_fen``); ``negative`` by the raw value,
    since an inexact amount holds 0 fen."""
    below = present & negative & (not signed)
    precise = present & ~below & ~exact
    large = present & ~below & ~precise & (np.abs(fen) >= MAX_FEN)
    return {NEGATIVE: below, PRECISION: precise, TOO_LARGE: large}


def _text_reasons(text: pa.Array, signed: bool) -> dict[str, np.ndarray]:
    bad = fails_pattern(text, SIGNED_AMOUNT if signed else AMOUNT)
    below = bad & matches(text, r"^-[0-9]*\.?[0-9]*$") & (not signed)
    precise = bad & ~below & matches(text, r"^-?[0-9]+\.[0-9]{3,}$")
    large = bad & ~below & ~precise & matches(text, r"^-?[0-9]{13,}(\.[0-9]*)?$")
    return {NEGATIVE: below, PRECISION: precise, TOO_LARGE: large,
            NOT_AN_AMOUNT: bad & ~below & ~precise & ~large}  # fmt: skip


def amount_reason(value: object, signed: bool = False) -> str | None:
    """The reason one amount (Decimal, int or text yuan, or float) is wrong; None if it is not."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        array = pa.array([format(value, "f")])
    elif isinstance(value, int | str):  # whole yuan or text, not fen
        array = pa.array([str(value)])
    else:
        array = pa.array([value])
    found = amount_reasons(array, signed)
    return next((name for name in REASONS if name in found and found[name][0]), None)


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


def _not_finite(array: pa.Array) -> np.ndarray:
    if not pa.types.is_floating(array.type):
        return np.zeros(len(array), dtype=bool)
    values = np.asarray(pc.fill_null(array, 0.0).to_numpy(), np.float64)
    return ~np.isfinite(values)


def _numpy(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
