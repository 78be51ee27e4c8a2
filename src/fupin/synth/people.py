"""Household composition: sizes, relations, ages and sexes of members (vectorised).

Members are laid out household by household in blocks — head, spouse, parents, sibling,
children, child-in-law, grandchildren — so every household has exactly one head and the
relations follow from the block a member falls in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Rural household sizes 1..8 [U, shaped on the 2010 census' rural distribution]; mean ~3.87.
SIZE_SHARES = np.array([0.05, 0.15, 0.22, 0.25, 0.18, 0.10, 0.04, 0.01])
BLOCKS = ("head", "spouse", "parent", "sibling", "child", "other", "grandchild")
RELATION_CODE = {
    name: code
    for code, name in enumerate(
        ("head", "spouse", "child", "parent", "grandchild", "sibling", "other")
    )
}
OLD_HEAD_AGE = 55
MALE, FEMALE = 0, 1


@dataclass(frozen=True)
class Composition:
    """Members of all households: household index, relation code, sex (0 = M) and age."""

    size: np.ndarray
    household: np.ndarray
    relation: np.ndarray
    sex: np.ndarray
    age: np.ndarray


def _head_ages(rng: np.random.Generator, size: np.ndarray) -> np.ndarray:
    # Single and two-person households are mostly the elderly left behind by migration.
    centre = np.select([size == 1, size == 2], [66.0, 62.0], 50.0)
    spread = np.where(size <= 2, 12.0, 12.0)
    return np.clip(np.rint(rng.normal(centre, spread)), 22, 95).astype(np.int64)


def _block_counts(rng: np.random.Generator, size: np.ndarray, head_age: np.ndarray) -> np.ndarray:
    n = size.size
    spouse_p = np.select([size == 1, size == 2], [0.0, 0.8], 0.9)
    spouse = (rng.random(n) < spouse_p).astype(np.int64)
    rest = size - 1 - spouse
    old = head_age >= OLD_HEAD_AGE
    # Young heads: parents live with them when there is room for at least one child.
    parents = np.minimum(rng.choice(3, n, p=[0.55, 0.30, 0.15]), np.maximum(rest - 1, 0))
    parents = np.where(old | (rest < 3), 0, parents)
    sibling = ((~old) & (spouse == 0) & (rest >= 1) & (rng.random(n) < 0.3)).astype(np.int64)
    young_children = rest - parents - sibling
    # Old heads: adult children, perhaps a child-in-law, and grandchildren (often left behind).
    old_children = np.minimum(rest, 1 + (rest >= 4))
    left_behind = (rest == 1) & (rng.random(n) < 0.3)
    old_children = np.where(left_behind, 0, old_children)
    inlaw = ((rest - old_children >= 2) & (rng.random(n) < 0.7)).astype(np.int64)
    grand = rest - old_children - inlaw
    zeros = np.zeros(n, dtype=np.int64)
    return np.column_stack(
        [
            np.ones(n, dtype=np.int64),
            spouse,
            parents,
            sibling,
            np.where(old, old_children, young_children),
            np.where(old, inlaw, zeros),
            np.where(old, grand, zeros),
        ]
    )


def _member_ages(
    rng: np.random.Generator,
    block: np.ndarray,
    k: np.ndarray,
    head_age_m: np.ndarray,
    spouse_age_m: np.ndarray,
) -> np.ndarray:
    m = block.size
    u = rng.random(m)
    child_young = head_age_m - (22 + 8 * u) - 2.5 * k
    child_young = np.where(child_young < 0, rng.integers(0, 4, m), child_young)
    child_young = np.minimum(child_young, np.maximum(head_age_m - 18, 0))
    grandchild = head_age_m - (46 + 10 * u) - 3 * k
    grandchild = np.where(grandchild < 0, rng.integers(0, 4, m), grandchild)
    choices = [
        head_age_m,
        spouse_age_m,
        np.minimum(head_age_m + 22 + 12 * u, 98),
        np.maximum(head_age_m + rng.integers(-8, 9, m), 16),
        child_young,
        np.maximum(head_age_m - (23 + 9 * u) - 3 * k, 16),
        grandchild,
    ]
    age = np.select([block == b for b in range(len(BLOCKS))], choices)
    return np.rint(age).astype(np.int64)


def _member_sexes(
    rng: np.random.Generator,
    block: np.ndarray,
    k: np.ndarray,
    head_sex_m: np.ndarray,
    parents_m: np.ndarray,
) -> np.ndarray:
    m = block.size
    u = rng.random(m)
    # Two parents: father then mother; a lone parent is more often a widowed mother.
    lone_parent = np.where(u < 0.35, MALE, FEMALE)
    choices = [
        head_sex_m,
        1 - head_sex_m,
        np.where(parents_m == 1, lone_parent, np.where(k == 0, MALE, FEMALE)),
        (u < 0.5).astype(np.int64) * FEMALE,
        (u >= 0.53).astype(np.int64),  # sex ratio of children born in the 1990s-2000s
        (u < 0.8).astype(np.int64),  # children-in-law are mostly daughters-in-law
        (u >= 0.53).astype(np.int64),
    ]
    return np.select([block == b for b in range(len(BLOCKS))], choices).astype(np.int64)


def compose(rng: np.random.Generator, households: int) -> Composition:
    """Draws sizes and every member's relation, sex and age for ``households`` households."""
    size = rng.choice(np.arange(1, 9), households, p=SIZE_SHARES / SIZE_SHARES.sum())
    head_age = _head_ages(rng, size)
    head_male_p = np.where(size == 1, 0.6, 0.86)
    head_sex = (rng.random(households) >= head_male_p).astype(np.int64)
    spouse_age = np.maximum(head_age - np.rint(rng.normal(2, 3, households)), 20)
    spouse_age = np.where(head_sex == FEMALE, head_age + 2, spouse_age)
    counts = _block_counts(rng, size, head_age)
    starts = np.cumsum(counts, axis=1) - counts
    household = np.repeat(np.arange(households), size)
    first = np.cumsum(size) - size
    slot = np.arange(household.size) - first[household]
    block = (slot[:, None] >= np.cumsum(counts, axis=1)[household]).sum(axis=1)
    k = slot - starts[household, block]
    age = _member_ages(rng, block, k, head_age[household], spouse_age[household])
    sex = _member_sexes(rng, block, k, head_sex[household], counts[household, 2])
    to_relation = np.array([RELATION_CODE[b] for b in BLOCKS])
    return Composition(
        size=size, household=household, relation=to_relation[block], sex=sex, age=age
    )
