"""Fast paths over fixed-width ASCII text columns (IDs, codes, dates) as NumPy byte matrices.

National datasets are tens of millions of rows of 18-character ID numbers, 10-character dates
and 1-character codes; seen as an (n, width) byte matrix they are checked with a few integer
operations instead of string kernels. Each function returns None when the column is not of one
width (nulls, mixed lengths), and the caller falls back to the general check.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from fupin.rules.checks import ids

ZERO = ord("0")


def byte_matrix(values: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """The (n, width) uint8 matrix of a string column whose values all have one width."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    n = len(array)
    if n == 0 or array.null_count or not pa.types.is_string(array.type):
        return None
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + n + 1]
    widths = np.diff(offsets)
    width = int(widths[0])
    if width == 0 or widths.min() != width or widths.max() != width:
        return None
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)
    return data[offsets[0] : offsets[0] + n * width].reshape(n, width)


def digit_key(matrix: np.ndarray, width: int) -> np.ndarray:
    """The first ``width`` (≤ 18) characters read as a decimal number (non-digits give garbage)."""
    # Column by column: integer matmul has no fast path in NumPy.
    digits = ids.digit_rows(matrix, width)
    key = np.zeros(len(matrix), dtype=np.int64)
    for k in range(width):
        key *= 10
        key += digits[k]
    return key


def repeated_keys(key: np.ndarray) -> np.ndarray:
    """True for every row whose key occurs more than once."""
    ordered = np.sort(key)
    if not (ordered[1:] == ordered[:-1]).any():
        return np.zeros(len(key), dtype=bool)
    unique, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return counts[inverse] > 1


# The GB 11643 rule over (n, 18) ID matrices is the core's (the roster's and the loader's too).
valid_ids = ids.valid_matrix


def sex_matches(matrix: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """True where a (n, 1) M/F matrix agrees with the ID's sex character (odd = male)."""
    male = (matrix[:, ids.SEX_POSITION].astype(np.int32) - ZERO) % 2 == 1
    return np.where(male, ord("M"), ord("F")) == sex[:, 0]


def birth_matches(matrix: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """True where (n, 10) YYYY-MM-DD dates equal the birth date inside the ID numbers."""
    n = len(matrix)
    inside, written = np.empty((n, 8), dtype=np.uint8), np.empty((n, 8), dtype=np.uint8)
    inside[:] = matrix[:, slice(*ids.BIRTH_POSITIONS)]
    written[:, 0:4], written[:, 4:6], written[:, 6:8] = dates[:, 0:4], dates[:, 5:7], dates[:, 8:10]
    # Eight bytes compared as one 64-bit word: no reduction along the short axis.
    same = inside.view(np.uint64)[:, 0] == written.view(np.uint64)[:, 0]
    return same & (dates[:, 4] == ord("-")) & (dates[:, 7] == ord("-"))
