"""Exact money: Arrow decimals and yuan text to integer fen (int64) and back, never via float."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FEN_TYPE = pa.decimal128(18, 2)
# Yuan as text: digits, optionally a point and one or two decimals; the validator enforces it.
YUAN_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"


def to_fen(values: pa.Array | pa.ChunkedArray, *, null_as: int = 0) -> np.ndarray:
    """Integer fen (int64) from an Arrow decimal, integer or yuan-text column; nulls become null_as."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_floating(values.type):
        # A binary float cannot carry an exact amount; refuse rather than guess.
        raise TypeError("money columns must be decimal, integer or text, not floating point")
    if values.type != FEN_TYPE:
        values = pc.cast(values, FEN_TYPE)
    filled = pc.fill_null(values, pa.scalar(Decimal(null_as) / 100, FEN_TYPE))
    # decimal128(18, 2) stores each value as a little-endian int128 whose unscaled value is the
    # amount in fen; with 18 digits the value fits the low 64 bits (two's complement).
    words = np.frombuffer(filled.buffers()[1], dtype=np.int64)
    start = 2 * filled.offset
    return words[start : start + 2 * len(filled) : 2].copy()


def fen_to_decimal_array(fen: np.ndarray) -> pa.Array:
    """An Arrow decimal128(18, 2) yuan column from int64 fen, without a round trip through text."""
    fen = np.ascontiguousarray(fen, dtype=np.int64)
    words = np.empty((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = np.where(fen < 0, -1, 0)  # sign extension of the high word
    return pa.Array.from_buffers(FEN_TYPE, len(fen), [None, pa.py_buffer(words.tobytes())])


def fen_to_text(fen: np.ndarray) -> pa.Array:
    """Yuan text with two decimals ('-12.30') for each fen amount."""
    return pc.cast(fen_to_decimal_array(fen), pa.string())


def fen_to_yuan(fen: int) -> Decimal:
    """One fen amount as Decimal yuan with two places."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def format_yuan(fen: int) -> str:
    """One fen amount as yuan text with thousands separators: 12,345.60."""
    return f"{fen_to_yuan(fen):,.2f}"


def divide_half_up(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator rounded to the nearest integer, ties away from zero (ROUND_HALF_UP)."""
    num = np.asarray(numerator, dtype=np.int64)
    den = np.maximum(np.asarray(denominator, dtype=np.int64), 1)
    magnitude = (2 * np.abs(num) + den) // (2 * den)
    return np.where(num < 0, -magnitude, magnitude)


def ratio(value: Decimal | Fraction | float | str) -> tuple[int, int]:
    """An exact (numerator, denominator) for a policy share such as Decimal('0.7')."""
    frac = Fraction(str(value)) if not isinstance(value, Fraction) else value
    return frac.numerator, frac.denominator
