"""The rules kernel over one year of the demo panel, each village under its own policy."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from fupin.monitoring.services.kernel import ALERT_DECISIONS
from fupin.policy.applicability import CATEGORIES
from fupin.policy.resolver import policy_for
from fupin.rules import decide


def present_members(members: pa.Table, year: int) -> pa.Table:
    """Members who belong to their household in ``year`` (born by then, not yet left)."""
    born = pc.cast(pc.utf8_slice_codeunits(members["birth_date"], 0, 4), pa.int64())
    keep = pc.less_equal(born, year)
    if "left_year" in members.column_names:
        staying = pc.or_kleene(
            pc.is_null(members["left_year"]), pc.greater(members["left_year"], year)
        )
        keep = pc.and_(keep, staying)
        members = members.drop_columns(["left_year"])
    return members.filter(pc.fill_null(keep, False))


def village_categories(regions: pa.Table) -> dict[str, frozenset[str]]:
    """Each village's policy categories with those of the regions above it (by code prefix)."""
    rows = regions.to_pylist()
    held = {r["code"]: {c for c in CATEGORIES if r.get(c)} for r in rows}
    digits = (2, 4, 6, 9, 12)
    return {
        r["code"]: frozenset().union(
            *(held.get(r["code"][:n].ljust(12, "0"), set()) for n in digits)
        )
        for r in rows
        if r["level"] == "village"
    }


def decided_year(panel: Any, year: int) -> list[dict[str, Any]]:
    """The kernel's rows for every household of ``year``, each under its village's policy."""
    households = panel.households.filter(pc.equal(panel.households["year"], year))
    members = present_members(panel.members, year)
    categories = village_categories(panel.regions)
    policy_of = {code: policy_for(code, cats) for code, cats in categories.items()}
    rows: list[dict[str, Any]] = []
    for policy_id in sorted({p.id for p in policy_of.values()}):
        codes = [c for c, p in policy_of.items() if p.id == policy_id]
        chosen = households.filter(pc.is_in(households["village_code"], pa.array(codes)))
        ids = chosen["household_id"]
        group = members.filter(pc.is_in(members["household_id"], value_set=ids))
        policy = policy_of[codes[0]]
        rows += decide(chosen, group, policy).to_pylist()
    return rows


def flagged(panel: Any, year: int) -> list[dict[str, Any]]:
    """The kernel's rows for ``year`` whose decision calls for an alert."""
    return [row for row in decided_year(panel, year) if row["decision"] in ALERT_DECISIONS]
