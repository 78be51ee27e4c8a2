"""Alerts from the rules kernel's flags for the households of a village, township or county."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from fupin.monitoring.kernel_input import kernel_tables
from fupin.monitoring.services.bulk import raise_many
from fupin.monitoring.services.raising import Signal, is_monitorable
from fupin.registry.models import Household, Region
from fupin.rules import decide

# Kernel decisions that call for an alert: "monitor" (flags or gaps), "return" (fell below).
ALERT_DECISIONS = frozenset({"monitor", "return"})


@dataclass
class RaiseSummary:
    """What a batch of signals did."""

    considered: int = 0
    opened: int = 0
    updated: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (household number, why)


def _codes(text: str | None) -> list[str]:
    return text.split(";") if text else []


def kernel_signals(households: list[Household], policy: Any) -> list[Signal]:
    """A signal for each household whose kernel decision is 'monitor' or 'return'."""
    tables = kernel_tables(households, policy.poverty_line_by_year)
    if tables is None:
        return []
    results = decide(tables[0], tables[1], policy).to_pylist()
    by_number = {h.number: h for h in households}
    signals = []
    for row in results:
        if row["decision"] not in ALERT_DECISIONS:
            continue
        causes = _codes(row["flags"]) + _codes(row["guarantee_gaps"])
        if row["income_poor"]:
            causes.insert(0, "INCOME_POOR")
        signals.append(
            Signal(
                household=by_number[row["household_id"]],
                source="kernel",
                causes=causes,
                # Kept language-neutral: the page shows the causes in the reader's language.
                summary=f"{row['year']}",
                data={"year": row["year"], "decision": row["decision"], "reasons": causes},
            )
        )
    return signals


def raise_from_kernel(
    region: Region, *, now: dt.datetime, policy: Any, actor: Any = None
) -> RaiseSummary:
    """Runs the kernel on the region's households and raises alerts, all or nothing (one transaction)."""
    households = list(
        Household.objects.filter(village__code__startswith=region.prefix).select_related("village")
    )
    summary = RaiseSummary(considered=len(households))
    signals = []
    for signal in kernel_signals(households, policy):
        if is_monitorable(signal.household):
            signals.append(signal)
        else:
            summary.skipped.append((signal.household.number, _("registered poor")))
    result = raise_many(signals, now=now, policy=policy, actor=actor)
    summary.opened, summary.updated = result.opened, result.updated
    return summary
