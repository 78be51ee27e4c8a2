"""One partition — whole households with all their members — from raw rows to decided results.

Both engines call ``process``: the local engine on a file pair or a spill bucket, the Spark
engine on each co-grouped bucket. It is pure (no I/O): raw Arrow in, results, village partial
aggregates and problems out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from fupin.batch.aggregates import village_partials
from fupin.batch.idrepeats import repeated_rows
from fupin.batch.normalise import normalise_households, normalise_members
from fupin.batch.results import household_results
from fupin.batch.screen import screen
from fupin.batch.validate import empty_problems, validate_screened
from fupin.rules import decide
from fupin.rules.in_force import Assignment, PolicyChoice, as_choice, decide_by_policy
from fupin.rules.kernel import member_groups
from fupin.rules.params import KernelParams

if TYPE_CHECKING:
    from fupin.policy import Policy

# The kernel's working memory grows with the batch; 256k households keep it near 0.5 GiB.
KERNEL_BATCH = 262_144


@dataclass(frozen=True)
class Outcome:
    """What one partition produced."""

    results: pa.Table
    partials: pa.Table
    problems: pa.Table
    households_read: int
    members_read: int


def process(
    raw_households: pa.Table,
    raw_members: pa.Table,
    policy: Policy | PolicyChoice,
    params: KernelParams | None,
    files: tuple[list[str], list[str]],
    repeats: pa.Table | None = None,
) -> Outcome:
    """Screens, validates (only what the screen marks), decides and aggregates one partition.

    ``policy``: one policy (``params`` its kernel parameters, or None), or a choice giving each
    household the policy in force in its village. ``repeats`` are the dataset's repeated ID
    numbers (``idrepeats``; None: only those within the partition are found): their rows are
    reported and their households refused.
    """
    choice = as_choice(policy, params)
    households, suspect = normalise_households(raw_households)
    members = normalise_members(raw_members)
    assignment = choice.assign(households["village_code"])
    covered = assignment.covered(households["year"].to_numpy())
    marked = screen(households, suspect, members, covered, repeats_known=repeats is not None)
    if repeats is not None and repeats.num_rows:
        marked.members[repeated_rows(raw_members, repeats)] = True
    group = marked.group
    if marked.clean:
        problems = empty_problems()
    else:
        problems, keep_h, keep_m = validate_screened(
            raw_households, raw_members, households, marked, choice, files, repeats
        )
        households = households.filter(pa.array(keep_h))
        members = members.filter(pa.array(keep_m))
        assignment = assignment.filter(keep_h)
        # Each kept member's household, renumbered among the kept households.
        group = (np.cumsum(keep_h) - 1)[group[keep_m]]
    results = _decide(households, members, assignment, group)
    return Outcome(
        results=results,
        partials=village_partials(results),
        problems=problems,
        households_read=raw_households.num_rows,
        members_read=raw_members.num_rows,
    )


def _decide(
    households: pa.Table, members: pa.Table, assignment: Assignment, group: np.ndarray
) -> pa.Table:
    """Each policy's households decided by ``_decide_group``, rows in the partition's order."""
    return decide_by_policy(households, members, assignment, _decide_group, group)


def _decide_group(
    households: pa.Table, members: pa.Table, params: KernelParams, group: np.ndarray | None
) -> pa.Table:
    """The kernel over slices of households, each with exactly its members (same as one call).

    ``group`` is each member's household row (every member has one: the screen refused the rest).
    """
    if group is None:  # the partition passes the screen's; found again only if not
        group = member_groups(households, members)
    if households.num_rows <= KERNEL_BATCH:
        decided = decide(households, members, params, group)
        return household_results(decided, households["village_code"].combine_chunks())
    # Members sorted by their household's row, so each kernel batch takes a contiguous slice.
    if not (np.diff(group) >= 0).all():  # files written household by household are sorted already
        order = np.argsort(group, kind="stable")
        members = members.take(pa.array(order))
        group = group[order]
    bounds = np.searchsorted(group, np.arange(0, households.num_rows + KERNEL_BATCH, KERNEL_BATCH))
    parts = []
    for k, start in enumerate(range(0, households.num_rows, KERNEL_BATCH)):
        low, high = int(bounds[k]), int(bounds[k + 1])
        batch_h = households.slice(start, KERNEL_BATCH)
        batch_m = members.slice(low, high - low)
        decided = decide(batch_h, batch_m, params, group[low:high] - start)
        parts.append(household_results(decided, batch_h["village_code"].combine_chunks()))
    return pa.concat_tables(parts)
