"""Poverty, inequality and multidimensional (Alkire–Foster) measures — NumPy only, no Django.

Every income measure takes incomes ``y`` (any array-like), optional non-negative sample
``weights`` (results equal those on the replicated sample for integer weights) and, for poverty
measures, a poverty line ``z``; a unit is poor when y < z. Rank-based measures also accept a
:class:`SortedView` in place of ``y`` so several of them share one sort. See docs/measures.md.
"""

from __future__ import annotations

from fupin.measures.af_result import AFGroup, AFResult
from fupin.measures.bootstrap import bootstrap_ci
from fupin.measures.inequality import (
    atkinson,
    generalized_entropy,
    mld,
    palma,
    quantile_share,
    theil,
)
from fupin.measures.kakwani import kakwani
from fupin.measures.multidimensional import alkire_foster
from fupin.measures.poverty import (
    blackorby_donaldson,
    chakravarty,
    chu,
    fgt,
    hagenaars,
    headcount,
    poverty_gap,
    squared_gap,
    watts,
)
from fupin.measures.ranked import gini, sen, sst, takayama, thon
from fupin.measures.sorted_view import SortedView, sorted_view

__all__ = [
    "AFGroup",
    "AFResult",
    "SortedView",
    "alkire_foster",
    "atkinson",
    "blackorby_donaldson",
    "bootstrap_ci",
    "chakravarty",
    "chu",
    "fgt",
    "generalized_entropy",
    "gini",
    "hagenaars",
    "headcount",
    "kakwani",
    "mld",
    "palma",
    "poverty_gap",
    "quantile_share",
    "sen",
    "sorted_view",
    "squared_gap",
    "sst",
    "takayama",
    "theil",
    "thon",
    "watts",
]
