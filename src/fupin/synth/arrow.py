"""Building Arrow columns from NumPy arrays without per-row Python work."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

MONEY = pa.decimal128(18, 2)


def money(fen: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A decimal128(18, 2) yuan column from integer fen (exact), optionally with nulls."""
    fen = np.ascontiguousarray(fen, dtype=np.int64)
    words = np.empty((fen.size, 2), dtype=np.int64)
    words[:, 0] = fen
    words[:, 1] = fen >> 63  # sign extension into the high 64 bits of the 128-bit integer
    if valid is None:
        return pa.Array.from_buffers(MONEY, fen.size, [None, pa.py_buffer(words)])
    validity = pa.py_buffer(np.packbits(valid.astype(bool), bitorder="little"))
    null_count = int(fen.size - np.count_nonzero(valid))
    return pa.Array.from_buffers(MONEY, fen.size, [validity, pa.py_buffer(words)], null_count)


def coded(codes: np.ndarray, values: Sequence[str]) -> pa.Array:
    """A string column from integer codes into ``values``."""
    indices = pa.array(np.asarray(codes, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values))).cast(pa.string())


def yes_no(flag: np.ndarray) -> pa.Array:
    """'yes' where ``flag`` is true, else 'no'."""
    return coded(np.where(flag, 0, 1), ("yes", "no"))


def strings(values: np.ndarray) -> pa.Array:
    """A string column from a NumPy unicode array."""
    return pa.array(values, type=pa.string())


def fixed_ascii(values: np.ndarray) -> pa.Array:
    """A string column from equal-length ASCII strings (codes, IDs, dates), without a Python loop."""
    lengths = np.strings.str_len(values)
    width = int(lengths.max()) if values.size else 0
    if values.size and int(lengths.min()) != width:
        raise ValueError("fixed_ascii needs strings of one length")
    data = np.ascontiguousarray(values.astype(f"S{max(width, 1)}"))
    offsets = np.arange(data.size + 1, dtype=np.int32) * width
    if width == 0:
        data = np.zeros(0, dtype="S1")
    return pa.Array.from_buffers(
        pa.string(), data.size, [None, pa.py_buffer(offsets), pa.py_buffer(data.view(np.uint8))]
    )
