"""The general path: both tables hash-partitioned by household_id into spill files.

When members may sit in any file, each input file is read once, its rows are split by a hash of
household_id into B buckets and appended as Arrow IPC files under ``_spill/<sheet>/b<k>/``; a
bucket then holds whole households with all their members and is processed like a file pair.
B is chosen so that a bucket holds about ``BUCKET_HOUSEHOLDS`` households: memory stays bounded
whatever the size of the dataset, at the cost of writing the data once more to local disk.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

from fupin.batch.dataset import Dataset

BUCKET_HOUSEHOLDS = 200_000
_PRIME = np.uint64(1099511628211)  # FNV-1a 64-bit prime
_OFFSET = np.uint64(14695981039346656037)


def bucket_count(dataset: Dataset, bucket_households: int = BUCKET_HOUSEHOLDS) -> int:
    """How many buckets the general path uses for this dataset."""
    return max(1, math.ceil(dataset.household_rows / bucket_households))


def hash_ids(ids: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A stable 64-bit FNV-1a hash of each text (nulls hash as the empty text), vectorised.

    Stable across processes and machines (unlike Python's ``hash``), so every file sends a
    household and its members to the same bucket.
    """
    array = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    array = pc.fill_null(pc.cast(array, pa.string()), "")
    n = len(array)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + n + 1]
    buffer = array.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(1, np.uint8)
    lengths = np.diff(offsets)
    hashes = np.full(n, _OFFSET, dtype=np.uint64)
    if n == 0:
        return hashes
    with np.errstate(over="ignore"):
        if lengths.min() == lengths.max():
            # Equal lengths (the usual case): a byte matrix, one column at a time.
            width = int(lengths[0])
            matrix = data[offsets[0] : offsets[0] + n * width].reshape(n, width)
            for k in range(width):
                hashes = (hashes ^ matrix[:, k].astype(np.uint64)) * _PRIME
            return hashes
        for k in range(int(lengths.max())):
            alive = lengths > k
            byte = data[offsets[:-1][alive] + k].astype(np.uint64)
            hashes[alive] = (hashes[alive] ^ byte) * _PRIME
    return hashes


def bucket_of(ids: pa.Array | pa.ChunkedArray, buckets: int) -> np.ndarray:
    """The bucket (0..buckets−1) of each household_id."""
    return (hash_ids(ids) % np.uint64(buckets)).astype(np.int64)


def spill_table(table: pa.Table, sheet: str, index: int, buckets: int, spill: Path) -> None:
    """Splits the rows of input file ``index`` (as ``read_file`` gives them) into their buckets."""
    bucket = bucket_of(table["household_id"], buckets)
    order = np.argsort(bucket, kind="stable")
    starts = np.searchsorted(bucket[order], np.arange(buckets + 1))
    ordered = table.take(pa.array(order))
    for k in range(buckets):
        if starts[k + 1] > starts[k]:
            folder = spill / sheet / f"b{k:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            part = ordered.slice(int(starts[k]), int(starts[k + 1] - starts[k]))
            feather.write_feather(part, folder / f"f{index:06d}.arrow", compression="lz4")


def read_bucket(spill: Path, sheet: str, bucket: int) -> pa.Table:
    """All rows of one bucket of one table, ordered by file and row (no columns when empty)."""
    folder = spill / sheet / f"b{bucket:05d}"
    parts = (
        [feather.read_table(p) for p in sorted(folder.glob("*.arrow"))] if folder.is_dir() else []
    )
    return pa.concat_tables(parts) if parts else pa.table({})
