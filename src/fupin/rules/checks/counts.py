"""Counts a household holds (productive machines, head of large livestock): whole, not negative.

A count may arrive as text (a roster cell, where a spreadsheet's number 3 reads "3") or as an
integer column (a county's tables); ``count_reasons`` says, per row, why a count is wrong. The
largest count is what the registry stores (a small integer for machines), so a roster that passes
can be loaded.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules.checks.arrays import is_null, matches

# The registry's columns: PositiveSmallIntegerField and PositiveIntegerField.
LIMITS = {"machinery_count": 32_767, "livestock_heads": 2_147_483_647}
NOT_A_COUNT, TOO_LARGE = "not_a_count", "too_large"
REASONS = (NOT_A_COUNT, TOO_LARGE)  # one per row, the first that holds
# Digits only: no sign, no decimals, no separators (-1, 1.5, 1,200 and "two" are not counts).
COUNT = r"^[0-9]+$"
_SAFE_DIGITS = 18  # text of up to 18 digits fits an int64; longer text is too large anyway


def count_reasons(values: pa.Array | pa.ChunkedArray, largest: int) -> dict[str, np.ndarray]:
    """For each row of a count column: NOT_A_COUNT, TOO_LARGE or neither (empty is fine)."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    n = len(array)
    if pa.types.is_integer(array.type):
        number = np.asarray(pc.fill_null(array, 0).to_numpy(zero_copy_only=False), np.int64)
        return {NOT_A_COUNT: number < 0, TOO_LARGE: number > largest}
    text = array if pa.types.is_string(array.type) else pc.cast(array, pa.string())
    shaped = matches(text, COUNT)
    not_a_count = ~shaped & ~is_null(text)
    too_large = np.zeros(n, dtype=bool)
    where = np.flatnonzero(shaped)
    if where.size:
        picked = pc.take(text, pa.array(where))
        long = np.asarray(pc.utf8_length(picked).to_numpy(zero_copy_only=False)) > _SAFE_DIGITS
        safe = pc.if_else(pa.array(long), pa.scalar("0"), picked)
        number = np.asarray(pc.cast(safe, pa.int64()).to_numpy(zero_copy_only=False), np.int64)
        too_large[where] = long | (number > largest)
    return {NOT_A_COUNT: not_a_count, TOO_LARGE: too_large}
