"""The decision table of the rules kernel as one table, applied to whole columns by index look-up."""

from __future__ import annotations

import numpy as np

STATUSES = ("none", "poor", "exited")
# The household's condition is the first of these that holds.
CONDITIONS = ("income_poor", "gap", "flag", "clear")
DECISIONS = ("identify", "monitor", "none", "remain", "exit", "return", "stable")

DECISION_TABLE: dict[tuple[str, str], str] = {
    ("none", "income_poor"): "identify",
    ("none", "gap"): "monitor",
    ("none", "flag"): "monitor",
    ("none", "clear"): "none",
    # A registered poor household stays while it is income-poor or any guarantee is missing;
    # flags alone do not keep it in (it exits and is watched by monitoring instead).
    ("poor", "income_poor"): "remain",
    ("poor", "gap"): "remain",
    ("poor", "flag"): "exit",
    ("poor", "clear"): "exit",
    ("exited", "income_poor"): "return",
    ("exited", "gap"): "monitor",
    ("exited", "flag"): "monitor",
    ("exited", "clear"): "stable",
}

# DECISION_TABLE as a (status × condition) array of indices into DECISIONS.
_LOOKUP = np.array(
    [[DECISIONS.index(DECISION_TABLE[(s, c)]) for c in CONDITIONS] for s in STATUSES],
    dtype=np.int8,
)


def condition_index(
    income_poor: np.ndarray, any_gap: np.ndarray, any_flag: np.ndarray
) -> np.ndarray:
    """Index into CONDITIONS of the first condition that holds for each household."""
    return np.select([income_poor, any_gap, any_flag], [0, 1, 2], default=3).astype(np.int8)


def decision_index(status_index: np.ndarray, condition: np.ndarray) -> np.ndarray:
    """Index into DECISIONS for each household's status and condition."""
    return _LOOKUP[status_index, condition]


def decide_codes(
    status_index: np.ndarray, income_poor: np.ndarray, any_gap: np.ndarray, any_flag: np.ndarray
) -> np.ndarray:
    """The decision text for each household (object array)."""
    chosen = decision_index(status_index, condition_index(income_poor, any_gap, any_flag))
    return np.asarray(DECISIONS, dtype=object)[chosen]
