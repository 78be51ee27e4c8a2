"""Splitting a roster into batches of whole households, and deciding batch by batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from fupin.rules.kernel import ArrowData, decide, member_groups
from fupin.rules.params import KernelParams, kernel_params

if TYPE_CHECKING:
    from fupin.policy import Policy

DEFAULT_BATCH = 32_768


def split_batches(
    households: ArrowData, members: ArrowData, batch_rows: int = DEFAULT_BATCH
) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Consecutive slices of households, each with exactly its members (in their original order)."""
    households = _table(households)
    members = _table(members)
    group = member_groups(households, members)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    for start in range(0, households.num_rows, max(batch_rows, 1)):
        stop = min(start + batch_rows, households.num_rows)
        low, high = np.searchsorted(sorted_group, [start, stop])
        yield households.slice(start, stop - start), members.take(pa.array(order[low:high]))


def decide_batches(
    households: ArrowData,
    members: ArrowData,
    policy: Policy | KernelParams,
    batch_rows: int = DEFAULT_BATCH,
    on_batch: Callable[[pa.Table], None] | None = None,
) -> pa.Table:
    """``decide`` over consecutive batches (same result as one call); on_batch sees each result."""
    params = policy if isinstance(policy, KernelParams) else kernel_params(policy)
    parts = []
    for batch_households, batch_members in split_batches(households, members, batch_rows):
        result = decide(batch_households, batch_members, params)
        if on_batch is not None:
            on_batch(result)
        parts.append(result)
    if not parts:
        return decide(_table(households), _table(members), params)
    return pa.concat_tables(parts)


def _table(data: ArrowData) -> pa.Table:
    return data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
