"""Checks across rows: exactly one head per household, no ID number twice in the input.

Members are tied to their household by a group code (the household's row, −1 for none), as the
rules kernel ties them; ID numbers are compared upper-cased.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules.checks.arrays import repeated
from fupin.rules.checks.codes import HEAD

HEADS_PER_HOUSEHOLD = 1
NO_HEAD, SECOND_HEAD, REPEATED_ID = "no_head", "second_head", "repeated_id"


def is_head(relation: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """True for each member whose relation is head of household."""
    found = pc.fill_null(pc.equal(relation, HEAD), False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def head_counts(group: np.ndarray, head: np.ndarray, households: int) -> np.ndarray:
    """The number of heads of each household (``group``: each member's household, −1: none)."""
    known = group >= 0
    return np.bincount(group[known & head], minlength=households)


def wrong_heads(group: np.ndarray, head: np.ndarray, households: int) -> np.ndarray:
    """True for each household that does not have exactly one head."""
    return head_counts(group, head, households) != HEADS_PER_HOUSEHOLD


def second_heads(group: np.ndarray, head: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Members who are a household's second (or later) head, and for each member the row of its
    household's first head (−1 where there is none)."""
    head_rows = np.flatnonzero(head & (group >= 0))
    households, first = np.unique(group[head_rows], return_index=True)
    later = np.ones(len(head_rows), dtype=bool)
    later[first] = False
    extra = np.zeros(len(group), dtype=bool)
    extra[head_rows[later]] = True
    first_of = np.full(int(group.max(initial=-1)) + 1, -1, dtype=np.int64)
    first_of[households] = head_rows[first]
    first_head = np.where(group >= 0, first_of[np.maximum(group, 0)] if len(first_of) else -1, -1)
    return extra, first_head


def repeated_ids(ids: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose ID number an earlier row holds (compared upper-cased, empty cells never), and
    for each row the first row holding its ID."""
    array = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    return repeated(pc.utf8_upper(array))
