"""ID numbers repeated anywhere in the dataset, whatever the partitioning, in bounded memory.

A partition sees only its own rows, so the same person registered in households of two counties
would go unnoticed. This side pass decides repeats for the whole dataset, independently of how
it is partitioned: each members file's ID numbers become 64-bit integer keys, hash-partitioned
with their place ``(key, file·2⁴⁰ + row)`` into bucket files on disk; each bucket is then sorted and
every occurrence after the first (in dataset order: file, then row) is a repeat. The local engine
writes the pairs while it reads each file for deciding, so no file is read twice. Both engines
use the same definition (Spark by a ``groupBy`` on the ID), so they report the same rows.

Keys: a well-formed ID (17 digits and a digit or X) is its exact number ×11 + check value
(< 2⁶³, no collision); anything else — already invalid — is a 64-bit FNV-1a hash of its
upper-cased text with the top bit set, so it never meets a well-formed key.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.batch import fixed
from fupin.batch.dataset import FILE, Dataset
from fupin.batch.normalise import string_column
from fupin.batch.spill import hash_ids
from fupin.i18n import gettext as _
from fupin.rules import columns as col
from fupin.rules.roster.reader import ROW

# 4 M (key, place) pairs = 64 MiB per bucket, sorted in well under a second.
BUCKET_ROWS = 4_000_000
FIRST_FILE, FIRST_ROW = "first_file", "first_row"
REPEAT_SCHEMA = pa.schema(
    [(FILE, pa.int32()), (ROW, pa.int64()), (FIRST_FILE, pa.int32()), (FIRST_ROW, pa.int64())]
)
_TOP = np.uint64(1 << 63)
_ROW_BITS = 40
_ROW_MASK = (1 << _ROW_BITS) - 1


def duplicate_message(first_row: int | str, first_file: str | None = None) -> str:
    """The roster report's words for a repeated ID number (``fupin.rules.roster``).

    With ``first_file`` (the first holder sits in another file), the file is named too: "row N"
    alone would send a reader to the wrong file.
    """
    if first_file is None:
        return _("duplicate ID number; first on row {row}").format(row=first_row)
    return _("duplicate ID number; first in {file}, row {row}").format(
        file=first_file, row=first_row
    )


def bucket_count(dataset: Dataset, bucket_rows: int = BUCKET_ROWS) -> int:
    """How many key buckets the side pass uses for this dataset (two at least, one per worker)."""
    return max(2, math.ceil(dataset.member_rows / bucket_rows))


def id_keys(ids: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """(positions of non-empty IDs, their uint64 keys) — see the module docstring."""
    text = string_column(ids)
    present = np.flatnonzero(np.asarray(pc.is_valid(text).to_numpy(zero_copy_only=False)))
    values = text.take(pa.array(present)) if text.null_count else text
    keys = np.empty(len(values), dtype=np.uint64)
    exact = np.zeros(len(values), dtype=bool)
    matrix = fixed.byte_matrix(values)  # the usual case: every ID 18 bytes long
    if matrix is not None and matrix.shape[1] == 18:
        exact, number = _exact(matrix)
        keys[exact] = number[exact]
    elif len(values):
        where = np.flatnonzero(
            np.asarray(pc.equal(pc.binary_length(values), 18).to_numpy(zero_copy_only=False))
        )
        if len(where):
            shaped, number = _exact(fixed.byte_matrix(values.take(pa.array(where))))
            keys[where[shaped]] = number[shaped]
            exact[where[shaped]] = True
    if not exact.all():
        # The roster compares ID numbers upper-cased; only the malformed ones need the text.
        rest = np.flatnonzero(~exact)
        keys[rest] = hash_ids(pc.utf8_upper(values.take(pa.array(rest)))) | _TOP
    return present, keys


def _exact(matrix: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Which (n, 18) rows are 17 digits and a digit or X/x, and their number ×11 + check value."""
    assert matrix is not None and matrix.shape[1] == 18
    shifted = matrix[:, :17] - np.uint8(ord("0"))  # a non-digit wraps above 9
    # One maximum over everything settles the usual case; rows only when some byte is off.
    digits = np.full(len(matrix), shifted.max(initial=0) <= 9)
    if not digits.all():
        digits = np.asarray((shifted <= 9).all(axis=1), dtype=bool)
    last = matrix[:, 17]
    numeric = (last >= ord("0")) & (last <= ord("9"))
    shaped = digits & (numeric | (last == ord("X")) | (last == ord("x")))
    check = np.where(numeric, last.astype(np.int64) - ord("0"), 10)
    return shaped, (fixed.digit_key(matrix, 17) * 11 + check).astype(np.uint64)


def spill_members(
    members: pa.Table, index: int, buckets: int, folder: Path, local: bool = False
) -> pa.Table | None:
    """Writes the (key, place) pairs of members file ``index``'s rows into their key buckets.

    ``members`` are all the raw rows read from that file (with ``_row``). With ``local``, also
    returns the repeats among these rows alone: what a partition can know before the whole
    dataset has been bucketed.
    """
    positions, keys = id_keys(members["id_number"])
    rows = np.asarray(members[ROW].to_numpy())[positions]
    # Split by bucket with a radix sort (buckets fit in 16 bits): one pass, no mask per bucket.
    bucket = (keys % np.uint64(buckets)).astype(np.uint16)
    order = np.argsort(bucket, kind="stable")
    starts = np.searchsorted(bucket[order], np.arange(buckets + 1))
    pairs = np.empty((len(keys), 2), dtype=np.int64)  # 16 bytes a member on disk
    pairs[:, 0] = keys.view(np.int64)[order]
    pairs[:, 1] = place_key(np.full(len(keys), index), rows[order])
    repeated = False
    for k in range(buckets):
        part = pairs[starts[k] : starts[k + 1]]
        if not len(part):
            continue
        target = folder / f"b{k:05d}"
        target.mkdir(parents=True, exist_ok=True)
        np.save(target / f"f{index:06d}.npy", part)
        if local and not repeated:  # a repeated key lies in one bucket; small sorts stay in cache
            ordered = np.sort(part[:, 0])
            repeated = bool((ordered[1:] == ordered[:-1]).any())
    if not local:
        return None
    if not repeated:
        return REPEAT_SCHEMA.empty_table()
    return repeats_of(keys.view(np.int64), np.full(len(keys), index), rows)


def find_repeats(folder: Path, bucket: int) -> pa.Table:
    """Every occurrence after the first of a key in one bucket, with that first's place."""
    parts = sorted((folder / f"b{bucket:05d}").glob("*.npy"))
    if not parts:
        return REPEAT_SCHEMA.empty_table()
    pairs = np.concatenate([np.load(p) for p in parts])
    return repeats_of(pairs[:, 0], pairs[:, 1] >> _ROW_BITS, pairs[:, 1] & _ROW_MASK)


def repeats_of(keys: np.ndarray, files: np.ndarray, rows: np.ndarray) -> pa.Table:
    """Repeats among (key, file, row) occurrences: all but the first (file, row) of each key."""
    ordered = np.sort(keys)
    twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(twice):  # the usual case: one sort of the keys and nothing more
        return REPEAT_SCHEMA.empty_table()
    chosen = np.isin(keys, twice)
    keys, files, rows = keys[chosen], files[chosen], rows[chosen]
    order = np.lexsort((rows, files, keys))
    keys, files, rows = keys[order], files[order], rows[order]
    later = np.zeros(len(keys), dtype=bool)
    later[1:] = keys[1:] == keys[:-1]
    if not later.any():
        return REPEAT_SCHEMA.empty_table()
    # Index of each occurrence's group start: the latest non-repeat at or before it.
    start = np.maximum.accumulate(np.where(later, 0, np.arange(len(keys))))
    return pa.table(
        {
            FILE: pa.array(files[later].astype(np.int32)),
            ROW: pa.array(rows[later]),
            FIRST_FILE: pa.array(files[start[later]].astype(np.int32)),
            FIRST_ROW: pa.array(rows[start[later]]),
        },
        schema=REPEAT_SCHEMA,
    )


def place_key(files: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One int64 per (file, row), in dataset order: files below 2²³, rows below 2⁴⁰."""
    return (files.astype(np.int64) << _ROW_BITS) + rows.astype(np.int64)


def repeat_problems(members: pa.Table, repeats: pa.Table, files: list[str]) -> pa.Table:
    """Problems (``validate.ERROR_SCHEMA``) of the repeated rows among a partition's raw members."""
    here = place_key(members[FILE].to_numpy(), members[ROW].to_numpy())
    known = place_key(repeats[FILE].to_numpy(), repeats[ROW].to_numpy())
    hit = np.flatnonzero(np.isin(here, known))
    rows = members.take(pa.array(hit))
    first = dict(
        zip(
            known.tolist(),
            zip(repeats[FIRST_FILE].to_pylist(), repeats[FIRST_ROW].to_pylist(), strict=True),
            strict=True,
        )
    )
    own = rows[FILE].to_pylist()
    names = [files[i] for i in own]
    places = place_key(rows[FILE].to_numpy(), rows[ROW].to_numpy()).tolist()
    messages = []
    for place, mine in zip(places, own, strict=True):
        first_file, first_row = first[place]
        elsewhere = None if first_file == mine else files[first_file]
        messages.append(duplicate_message(first_row, elsewhere))
    return pa.table(
        {
            "sheet": pa.array([col.MEMBERS_SHEET] * len(hit), pa.string()),
            "file": pa.array(names, pa.string()),
            "row": rows[ROW].combine_chunks().cast(pa.int64()),
            "household_id": string_column(rows["household_id"]),
            "column": pa.array(["id_number"] * len(hit), pa.string()),
            "value": string_column(rows["id_number"]),
            "message": pa.array(messages, pa.string()),
        }
    )


def repeated_rows(members: pa.Table, repeats: pa.Table) -> np.ndarray:
    """True for each raw member row that is a repeat."""
    here = place_key(members[FILE].to_numpy(), members[ROW].to_numpy())
    return np.isin(here, place_key(repeats[FILE].to_numpy(), repeats[ROW].to_numpy()))
