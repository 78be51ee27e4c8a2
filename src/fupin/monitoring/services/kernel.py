"""Alerts from the rules kernel's flags for the households of a village, township or county.

Each village is decided under its own policy (``fupin.registry.selectors.policies``); flagged
households are raised within the monitored scale and the rest are watched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.monitoring.services.raising import Signal, is_monitorable, raise_signals
from fupin.monitoring.services.watch import clear_watch
from fupin.registry.models import Household, Region
from fupin.registry.permissions import User
from fupin.registry.selectors.kernel_input import kernel_tables
from fupin.registry.selectors.policies import policies_for_villages
from fupin.rules import decide

if TYPE_CHECKING:
    from fupin.policy import Policy

Progress = Callable[[int, int], None]
# Kernel decisions that call for an alert: "monitor" (flags or gaps), "return" (fell below).
ALERT_DECISIONS = frozenset({"monitor", "return"})


@dataclass
class RaiseSummary:
    """What a batch of signals did."""

    considered: int = 0
    opened: int = 0
    updated: int = 0
    watched: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (household number, why)


def _codes(text: str | None) -> list[str]:
    return text.split(";") if text else []


def decision_causes(row: dict[str, Any]) -> list[str]:
    """The causes a kernel decision row gives an alert: income-poverty first, flags, then gaps."""
    causes = _codes(row["flags"]) + _codes(row["guarantee_gaps"])
    if row["income_poor"]:
        causes.insert(0, "INCOME_POOR")
    return causes


def signal_from_decision(row: dict[str, Any], household: Household) -> Signal:
    """The signal of one kernel decision row, with its causes."""
    causes = decision_causes(row)
    return Signal(
        household=household,
        source="kernel",
        causes=causes,
        # Kept language-neutral: the page shows the causes in the reader's language.
        summary=f"{row['year']}",
        data={"year": row["year"], "decision": row["decision"], "reasons": causes},
    )


def _by_policy(
    households: list[Household], policy: Policy | None
) -> list[tuple[Any, list[Household]]]:
    if policy is not None:
        return [(policy, households)]
    policies = policies_for_villages({h.village_id for h in households})
    groups: dict[str, tuple[Any, list[Household]]] = {}
    for household in households:
        chosen = policies[household.village_id]
        groups.setdefault(chosen.id, (chosen, []))[1].append(household)
    return list(groups.values())


def kernel_signals(
    households: list[Household], policy: Policy | None = None, progress: Progress | None = None
) -> list[Signal]:
    """A signal for each household whose kernel decision is 'monitor' or 'return' (each village
    decided under its own policy unless ``policy`` is given)."""
    signals = []
    done = 0
    for chosen, group in _by_policy(households, policy):
        tables = kernel_tables(group, chosen.poverty_line_by_year)
        if tables is None:
            continue
        by_number = {h.number: h for h in group}
        for row in decide(tables[0], tables[1], chosen).to_pylist():
            if row["decision"] in ALERT_DECISIONS:
                signals.append(signal_from_decision(row, by_number[row["household_id"]]))
        done += len(group)
        if progress is not None:
            progress(done, len(households))
    return signals


def raise_from_kernel(
    region: Region,
    *,
    now: dt.datetime,
    policy: Policy | None = None,
    actor: User | None = None,
    progress: Progress | None = None,
) -> RaiseSummary:
    """Runs the kernel on the region's households, raises within the scale, watches the rest;
    all or nothing (one transaction)."""
    households = list(Household.objects.filter(village__code__startswith=region.prefix))
    summary = RaiseSummary(considered=len(households))
    signals = []
    for signal in kernel_signals(households, policy, progress):
        if is_monitorable(signal.household):
            signals.append(signal)
        else:
            summary.skipped.append((signal.household.number, _("registered poor")))
    with transaction.atomic():
        result = raise_signals(signals, now=now, policy=policy, actor=actor, bounded=True)
        clear_watch({s.household.pk for s in signals}, region.prefix, now=now)
    summary.opened, summary.updated, summary.watched = result.opened, result.updated, result.watched
    return summary
