"""Which policy decides each household: one named policy, or the policy in force in its village.

    choice = PolicyChoice.named("auto")                 # or "cn", "cn-53", a path to a .toml file
    assignment = choice.assign(households["village_code"])
    results = decide_by_policy(households, members, assignment, decide_group)

Under ``auto`` each household's 12-digit village code picks its policy through
``fupin.policy.resolver``: the regional file whose code prefix is the longest match (``cn-53``
for a code starting 53), else ``cn``, with the category overlays whose categories the region
carries (given per household, when known). The households of each policy are decided together
and the rows put back in their order, so one call over a mixed roster gives what one call per
policy would; every result row keeps the stamp of the policy that decided it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.policy import Policy, load_policy
from fupin.policy.applicability import CATEGORIES
from fupin.policy.resolver import BASE_POLICY, policy_names_for
from fupin.rules.kernel import ArrowData, member_groups
from fupin.rules.params import KernelParams, kernel_params

AUTO = "auto"
CACHED_CODES = 100_000  # village codes remembered by a choice (a worker sees many partitions)
# (households, members, params, each member's household row or None) → the decided rows.
DecideGroup = Callable[[pa.Table, pa.Table, KernelParams, np.ndarray | None], pa.Table]


@dataclass(frozen=True)
class Assignment:
    """The policies of a batch's households: each row's index into ``policies``."""

    policies: tuple[Policy, ...]
    params: tuple[KernelParams, ...]
    index: np.ndarray  # int64 per household row

    def covered(self, years: np.ndarray) -> np.ndarray:
        """True where the row's own policy covers the row's year."""
        years = np.asarray(years, dtype=np.int64)
        ok = np.zeros(len(years), dtype=bool)
        for k, policy in enumerate(self.policies):
            mine = self.index == k
            ok[mine] = np.isin(years[mine], np.asarray(policy.years, dtype=np.int64))
        return ok

    def filter(self, keep: np.ndarray) -> Assignment:
        """The assignment of the rows where ``keep`` is true."""
        return Assignment(self.policies, self.params, self.index[keep])


class PolicyChoice:
    """One policy for every household, or (``policy`` None: ``auto``) each village's own."""

    def __init__(self, policy: Policy | None = None, params: KernelParams | None = None) -> None:
        self.policy = policy
        self._params: dict[str, KernelParams] = {}
        if policy is not None:
            self._params[policy.id] = params or kernel_params(policy)
        self._names: dict[str, str] = {}

    @classmethod
    def named(cls, source: str | os.PathLike[str]) -> PolicyChoice:
        """``auto``, a policy name or a policy file; raises PolicyError as ``load_policy`` does."""
        if source == AUTO:
            load_policy(BASE_POLICY)
            policy_names_for("")  # reads every file with [applies_to]: a broken one fails now
            return cls()
        return cls(load_policy(source))

    @property
    def auto(self) -> bool:
        """True when each household's policy comes from its village code."""
        return self.policy is None

    def assign(
        self,
        village_codes: pa.Array | pa.ChunkedArray,
        categories: Mapping[str, np.ndarray] | None = None,
    ) -> Assignment:
        """The policy of each household from its village code (and the region's categories:
        name → bool per row; only under ``auto``)."""
        n = len(village_codes)
        if self.policy is not None or n == 0:
            policy = self.policy or load_policy(BASE_POLICY)
            return Assignment((policy,), (self._kernel_params(policy),), np.zeros(n, np.int64))
        keys = _keys(village_codes, categories or {})
        encoded = pc.dictionary_encode(keys)
        names = [self._name(key) for key in encoded.dictionary.to_pylist()]
        distinct = sorted(set(names))
        position = np.asarray([distinct.index(name) for name in names], dtype=np.int64)
        codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        policies = tuple(load_policy(name) for name in distinct)
        params = tuple(self._kernel_params(p) for p in policies)
        return Assignment(policies, params, position[codes])

    def _name(self, key: str) -> str:
        if key not in self._names:
            if len(self._names) >= CACHED_CODES:
                self._names.clear()
            code, _sep, held = key.partition("|")
            self._names[key] = "+".join(policy_names_for(code, held.split(",") if held else ()))
        return self._names[key]

    def _kernel_params(self, policy: Policy) -> KernelParams:
        if policy.id not in self._params:
            self._params[policy.id] = kernel_params(policy)
        return self._params[policy.id]


def as_choice(policy: Policy | PolicyChoice, params: KernelParams | None = None) -> PolicyChoice:
    """A PolicyChoice for a caller that may pass a single Policy."""
    return policy if isinstance(policy, PolicyChoice) else PolicyChoice(policy, params)


def _keys(codes: pa.Array | pa.ChunkedArray, categories: Mapping[str, np.ndarray]) -> pa.Array:
    """Each row's resolver input as text: ``code`` or ``code|category,category``."""
    text = pc.fill_null(pc.cast(codes, pa.string()), "")
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    held = [name for name in CATEGORIES if name in categories]
    if not held:
        return text
    parts = [pc.if_else(pa.array(np.asarray(categories[name], bool)), name, "") for name in held]
    joined = pc.binary_join_element_wise(*parts, ",")
    tidy = pc.replace_substring_regex(pc.replace_substring_regex(joined, ",+", ","), "^,|,$", "")
    return pc.binary_join_element_wise(text, tidy, "|")


def decide_by_policy(
    households: ArrowData,
    members: ArrowData,
    assignment: Assignment,
    decide_group: DecideGroup,
    group: np.ndarray | None = None,
) -> pa.Table:
    """Decides each policy's households with ``decide_group`` and puts the rows back in order.

    ``group``: each member's household row, when the caller has it (−1: not in the batch).
    """
    if len(assignment.policies) == 1:  # the usual case: no grouping, no copies
        return decide_group(_table(households), _table(members), assignment.params[0], group)
    households, members = _table(households), _table(members)
    if group is None:
        group = member_groups(households, members)
    n = households.num_rows
    member_policy = np.where(group >= 0, assignment.index[np.maximum(group, 0)], -1)
    parts, order = [], []
    for k, params in enumerate(assignment.params):
        rows = np.flatnonzero(assignment.index == k)
        renumber = np.full(n, -1, dtype=np.int64)
        renumber[rows] = np.arange(len(rows))
        chosen = np.flatnonzero(member_policy == k)
        sub_h, sub_m = households.take(pa.array(rows)), members.take(pa.array(chosen))
        parts.append(decide_group(sub_h, sub_m, params, renumber[group[chosen]]))
        order.append(rows)
    # Row j of the concatenation is household order[j]: the inverse permutation restores order.
    inverse = np.empty(n, dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(n)
    return pa.concat_tables(parts).take(pa.array(inverse))


def _table(data: ArrowData) -> pa.Table:
    return data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
