"""A partition's results do not depend on row order, kernel batch size or how it is split."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from batch_helpers import roster_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.batch import partition
from fupin.batch.aggregates import merge
from fupin.batch.dataset import with_place
from fupin.policy import load_policy
from fupin.rules.params import kernel_params

POLICY = load_policy("cn")
PARAMS = kernel_params(POLICY)
FILES = (["h.parquet"], ["m.parquet"])


def _run(households: pa.Table, members: pa.Table) -> partition.Outcome:
    return partition.process(
        with_place(households, 0), with_place(members, 0), POLICY, PARAMS, FILES
    )


@pytest.fixture(scope="module")
def tables(country: Path) -> tuple[pa.Table, pa.Table]:
    return roster_tables(country)


def test_small_kernel_batches_give_the_same_results(tables, monkeypatch) -> None:
    households, members = tables
    whole = _run(households, members).results
    monkeypatch.setattr(partition, "KERNEL_BATCH", 97)
    assert _run(households, members).results.equals(whole)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), parts=st.integers(1, 5))
def test_order_and_split_do_not_matter(tables, seed: int, parts: int) -> None:
    households, members = tables
    expected = _run(households, members)
    rng = np.random.default_rng(seed)
    part_of = rng.integers(0, parts, households.num_rows)
    owner_part = dict(zip(households["household_id"].to_pylist(), part_of, strict=True))
    member_part = np.array([owner_part[o] for o in members["household_id"].to_pylist()])
    results, partials = [], []
    for k in range(parts):
        h = households.filter(pa.array(part_of == k))
        m = members.filter(pa.array(member_part == k))
        h = h.take(pa.array(rng.permutation(h.num_rows)))
        m = m.take(pa.array(rng.permutation(m.num_rows)))
        outcome = _run(h, m)
        results.append(outcome.results)
        partials.append(outcome.partials)
    combined = pa.concat_tables(results).sort_by("household_id")
    assert combined.equals(expected.results.sort_by("household_id"))
    assert (
        merge(partials)
        .sort_by([("code", "ascending")])
        .equals(merge([expected.partials]).sort_by([("code", "ascending")]))
    )
    assert pc.sum(combined["size"]).as_py() == members.num_rows
