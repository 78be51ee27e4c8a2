"""The rules kernel (no Django): income accounting, guarantees, flags and decisions over columns.

    from fupin.policy import load_policy
    from fupin.rules import decide, decide_one, render_reasons
    results = decide(households, members, load_policy("cn"))   # Arrow in, Arrow out
    render_reasons(results, "en")

The roster reader and validator live in ``fupin.rules.roster``.
"""

from __future__ import annotations

from fupin.rules.decision_table import CONDITIONS, DECISION_TABLE, DECISIONS, STATUSES
from fupin.rules.kernel import REASON_CODES, decide
from fupin.rules.params import KernelParams, kernel_params
from fupin.rules.reasons import render_reasons
from fupin.rules.single import Decision, decide_one

__all__ = [
    "CONDITIONS",
    "DECISIONS",
    "DECISION_TABLE",
    "REASON_CODES",
    "STATUSES",
    "Decision",
    "KernelParams",
    "decide",
    "decide_one",
    "kernel_params",
    "render_reasons",
]
