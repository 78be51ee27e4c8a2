"""The demo's past years of monitoring, one cycle a year, through the monitoring services.

Each March the county screens last year's incomes with the rules kernel and takes a sample of
the flagged households through the signed procedure (visit, asset check, appraisal with its
public notice, township review, county decision); every one in six is rejected. Those taken in
get a measure. In October this year's income decides: back below the line is a return to
poverty; otherwise the county declares the risk eliminated where the policy's conditions hold
(six months monitored, income stable above the range, guarantees in place) — or not yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fupin.demo.monitoring_steps import DemoClock, DemoStats, advance, conclude, give_measure
from fupin.monitoring.models import Alert
from fupin.monitoring.services.elimination import has_labour_capacity
from fupin.monitoring.services.kernel import (
    ALERT_DECISIONS,
    decision_causes,
    signal_from_decision,
)
from fupin.monitoring.services.raising import Signal, is_monitorable, raise_signals
from fupin.registry.models import Household
from fupin.rules.scale import severity

# (action, month, day): the appraisal's seven-day notice is down before the township reviews.
PROCEDURE = (
    ("visit", 3, 4),
    ("check_assets", 3, 9),
    ("appraise", 3, 12),
    ("township_review", 3, 23),
)
DECISION_DAY = (3, 31)
MEASURE_DAY = (4, 15)
OUTCOME_DAY = (10, 15)  # six and a half months after the decision
REJECT_EVERY = 6
# Each year's sample: most recover (their risk can end in October), some stay at risk above the
# line, a few fall below it again — returns to poverty are to be rare.
MIX = (("recovered", 0.7), ("at_risk", 0.25), ("below", 0.05))


def households_named(numbers: list[str]) -> dict[str, Household]:
    """The households with these numbers, with the status they have now."""
    found: dict[str, Household] = {}
    fields = ("pk", "number", "village_id", "status")
    for start in range(0, len(numbers), 5_000):
        part = numbers[start : start + 5_000]
        found.update((h.number, h) for h in Household.objects.filter(number__in=part).only(*fields))
    return found


def choose(rows: list[dict[str, Any]], size: int, busy: set[int]) -> list[Signal]:
    """The ``size`` most pressing monitorable households of the rows (none already followed)."""
    if size <= 0:
        return []
    ranked = sorted(rows, key=lambda r: (-severity(decision_causes(r)), r["household_id"]))
    chosen: list[Signal] = []
    batch = max(size * 3, 100)  # read the households of the candidates only, a batch at a time
    for start in range(0, len(ranked), batch):
        part = ranked[start : start + batch]
        households = households_named([r["household_id"] for r in part])
        for row in part:
            household = households.get(row["household_id"])
            if household is None or household.pk in busy or not is_monitorable(household):
                continue
            chosen.append(signal_from_decision(row, household))
            if len(chosen) == size:
                return chosen
    return chosen


def _pools(flags: list[dict], this_year: dict[str, dict]) -> dict[str, list[dict]]:
    """Last year's flags by how this year turns out: recovered, still at risk, below the line."""
    pools: dict[str, list[dict]] = {"recovered": [], "at_risk": [], "below": []}
    for flag in flags:
        now = this_year.get(flag["household_id"])
        if now is None:
            continue
        if now["income_poor"]:
            pools["below"].append(flag)
        elif now["decision"] in ALERT_DECISIONS:
            pools["at_risk"].append(flag)
        else:
            pools["recovered"].append(flag)
    return pools


def live_households() -> set[int]:
    """Households that have a live alert (still followed)."""
    return set(Alert.objects.live().values_list("household_id", flat=True))


def run_cycle(
    year: int,
    flags: list[dict],
    this_year: dict[str, dict],
    size: int,
    clock: DemoClock,
    stats: DemoStats,
) -> None:
    """One year: March screening of a sample, the procedure to April, October's outcomes."""
    busy = live_households()
    pools = _pools(flags, this_year)
    signals: list[Signal] = []
    for pool, share in MIX:
        wanted = round(size * share) if pool != "below" else size - len(signals)
        chosen = choose(pools[pool], max(wanted, 0), busy)
        busy |= {s.household.pk for s in chosen}
        signals += chosen
    raise_signals(signals, now=clock.on(year, 3, 2), actor=clock.county)
    for index, signal in enumerate(signals):
        alert = Alert.objects.live().get(household_id=signal.household.pk)
        steps = [(action, clock.on(year, m, d)) for action, m, d in PROCEDURE]
        alert = advance(alert, steps, clock, stats)
        decision = "county_reject" if index % REJECT_EVERY == REJECT_EVERY - 1 else "county_approve"
        alert = advance(alert, [(decision, clock.on(year, *DECISION_DAY))], clock, stats)
        if decision == "county_reject":
            stats.rejected += 1
            continue
        stats.monitored += 1
        give_measure(
            alert, dt.date(year, *MEASURE_DAY), clock, has_labour_capacity(signal.household.pk)
        )
        outcome = clock.on(year, *OUTCOME_DAY)
        row = this_year.get(signal.household.number)
        if outcome < clock.now and row is not None:
            conclude(alert, bool(row["income_poor"]), outcome, clock, stats)
    stats.years.append(year)
