"""The kernel's decision rows as a case's evidence: codes, figures in fen, reasons in both
languages (the page shows the reader's), so the evidence reads the same years later."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from fupin.rules.reasons import reasons_array

LANGUAGES = ("en", "zh-hans")
KEPT = ("year", "decision", "per_capita_net_income_fen", "poverty_line_fen", "income_poor",
        "guarantee_gaps", "flags")  # fmt: skip


def decision_evidence(results: pa.Table) -> list[dict[str, Any]]:
    """One evidence record per row of a kernel result table."""
    reasons = {lang: reasons_array(results, lang).to_pylist() for lang in LANGUAGES}
    rows = results.select(list(KEPT)).to_pylist()
    for index, row in enumerate(rows):
        row["guarantee_gaps"] = row["guarantee_gaps"].split(";") if row["guarantee_gaps"] else []
        row["flags"] = row["flags"].split(";") if row["flags"] else []
        row["reasons"] = {lang: reasons[lang][index] for lang in LANGUAGES}
    return rows


def current_decision(household: Any) -> dict[str, Any]:
    """The kernel's decision today on the household's latest income record, as evidence ({} when
    there is no record or member to decide by, or the policy does not cover the year)."""
    from fupin.policy import PolicyError
    from fupin.registry.selectors.card import decide_household

    members = list(household.members.filter(active=True).order_by("id"))
    latest = household.incomes.order_by("-year").first()
    if latest is None or not members:
        return {}
    try:
        decided = decide_household(household, latest, members, list(household.events.all()))
    except PolicyError:
        return {}
    assert decided.result is not None
    return decision_evidence(decided.result)[0]
