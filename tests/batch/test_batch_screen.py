"""The screen's member → household join equals Arrow's hash join, in order or not."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from fupin.batch.screen import _in_order

CODES = st.text("0123456789AB", min_size=3, max_size=3)


def _hash_join(ids: pa.Array, owners: pa.Array) -> np.ndarray:
    found = pc.index_in(owners, value_set=ids).fill_null(-1)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


@given(st.lists(CODES, min_size=1, max_size=12, unique=True), st.data())
def test_members_in_household_order_are_joined_without_hashing(ids, data) -> None:
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=len(ids), max_size=len(ids)))
    owners = [code for code, size in zip(ids, sizes, strict=True) for _ in range(size)]
    found = _in_order(pa.array(ids), pa.array(owners))
    assert found is not None
    assert found.tolist() == _hash_join(pa.array(ids), pa.array(owners)).tolist()


@given(
    st.lists(CODES, min_size=1, max_size=8, unique=True),
    st.lists(st.one_of(CODES, st.text("0123456789", min_size=4, max_size=4)), max_size=20),
)
def test_any_other_order_falls_back_or_agrees(ids, owners) -> None:
    # Shuffled members, strangers, households without members or another width: the fast path
    # either declines (None) or gives exactly the hash join's answer.
    found = _in_order(pa.array(ids), pa.array(owners, pa.string()))
    if found is not None:
        assert found.tolist() == _hash_join(pa.array(ids), pa.array(owners, pa.string())).tolist()


def test_a_household_without_members_or_out_of_order_declines() -> None:
    assert _in_order(pa.array(["A1", "B2"]), pa.array(["A1", "A1"])) is None
    assert _in_order(pa.array(["A1", "B2"]), pa.array(["B2", "A1"])) is None
    assert _in_order(pa.array(["A1", "B2"]), pa.array(["A1", "B2", "A1"])) is None
    assert _in_order(pa.array(["A1", "B2"]), pa.array(["A1", "B2"])).tolist() == [0, 1]
