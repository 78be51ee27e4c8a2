"""Result types of the Alkire–Foster method."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class AFGroup:
    """One subgroup's figures: population share, H, A, M0 and its share of the national M0."""

    share: float
    H: float
    A: float
    M0: float
    contribution: float


@dataclass(frozen=True)
class AFResult:
    """Alkire–Foster identification and aggregation with its decompositions."""

    H: float
    A: float
    M0: float
    M1: float | None
    M2: float | None
    uncensored_headcounts: np.ndarray
    censored_headcounts: np.ndarray
    contributions: np.ndarray
    scores: np.ndarray
    poor: np.ndarray
    by_group: Mapping[Any, AFGroup] = field(default_factory=dict)
