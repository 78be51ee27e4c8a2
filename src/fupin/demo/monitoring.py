"""Demo content for the monitoring pages, made through the monitoring services with a set clock.

``load_demo_alerts(panel)`` runs after the demo county and its history are loaded. It tells two
stories (see docs/guide/monitoring.md, "Demo content"):

* **2020, a finished year of monitoring.** Households the kernel flagged on their 2019 income are
  raised in March 2020, visited, checked, noticed, reviewed and taken into monitoring by the
  county (the household's status history gets its "monitored" event); each gets a development
  measure; in December those whose 2020 income fell below the line return to poverty, and the
  county tries to declare the risk eliminated for the others — the policy's conditions decide
  (``eliminate_risk`` refuses when they do not hold, and the household stays monitored).
* **Now, the open work.** Every monitorable household the kernel flags on its latest (2020)
  income gets an alert, most raised two days ago; small samples were raised earlier and taken to
  each stage of the procedure, some were never visited and are escalated as overdue; a health
  insurance hospitalisation list is imported as department screening.

The open work is dated before the day the demo is loaded (the pages' clock is the real one), the
finished year inside 2020, where the income records are. Sample sizes follow the county's size.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fupin.demo.monitoring_steps import DemoClock, advance, finish_year
from fupin.demo.screening import import_hospital_sample
from fupin.monitoring.models import Alert
from fupin.monitoring.services.escalation import escalate_overdue
from fupin.monitoring.services.kernel import ALERT_DECISIONS, signal_from_decision
from fupin.monitoring.services.raising import Signal, raise_signals
from fupin.registry.models import Household, Region, StatusEvent
from fupin.registry.selectors.policies import policy_for_region
from fupin.registry.selectors.roster import POOR_STATUSES
from fupin.rules import decide

Progress = Callable[[str, int, int], None]
CHUNK = 2_000  # signals per raise_many call (SQLite caps the parameters of one query)
# Open alerts: (days ago raised, the stages reached, each step's days ago), one sample each.
OPEN_SAMPLES: tuple[tuple[int, tuple[tuple[str, int], ...]], ...] = (
    (10, (("visit", 8),)),
    (14, (("visit", 12), ("check_assets", 9))),
    (20, (("visit", 18), ("check_assets", 15), ("appraise", 5))),
    (26, (("visit", 24), ("check_assets", 21), ("appraise", 11), ("township_review", 3))),
    (30, (("visit", 28), ("check_assets", 25), ("appraise", 15), ("township_review", 8),
          ("county_reject", 2))),
    (45, ()),  # never visited: overdue, escalated to the township
    (50, (("visit", 47),)),  # visited but no decision in time: overdue too
)  # fmt: skip
RECENT_DAYS = 2


@dataclass
class DemoStats:
    """What the demo content holds."""

    alerts: int = 0
    department_rows: int = 0
    monitored: int = 0
    eliminated: int = 0
    returned: int = 0
    escalated: int = 0
    steps: int = 0
    seconds: float = 0.0


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


def flagged(panel: Any, year: int, policy: Any) -> list[dict[str, Any]]:
    """The kernel's rows for ``year`` whose decision calls for an alert."""
    households = panel.households.filter(pc.equal(panel.households["year"], year))
    result = decide(households, present_members(panel.members, year), policy)
    keep = pc.is_in(result["decision"], value_set=pa.array(sorted(ALERT_DECISIONS)))
    return result.filter(keep).to_pylist()


def _codes(text: str | None) -> list[str]:
    return text.split(";") if text else []


def _households() -> dict[str, Household]:
    rows = Household.objects.values_list("number", "pk", "village_id", "status")
    return {
        number: Household(pk=pk, number=number, village_id=village, status=status)
        for number, pk, village, status in rows
    }


def _raise(signals: list[Signal], now: dt.datetime, policy: Any, actor: Any) -> int:
    opened = 0
    for start in range(0, len(signals), CHUNK):
        result = raise_signals(signals[start : start + CHUNK], now=now, policy=policy, actor=actor)
        opened += result.opened
    return opened


def _sample_size(households: int, per: int, low: int, high: int) -> int:
    return max(low, min(high, round(households / per)))


def _signals(rows: list[dict], households: dict[str, Household], skip: set[int]) -> list[Signal]:
    out = []
    for row in rows:
        household = households.get(row["household_id"])
        if household and household.status not in POOR_STATUSES and household.pk not in skip:
            out.append(signal_from_decision(row, household))
    return out


def _finished_year(panel: Any, households: dict, clock: DemoClock, stats: DemoStats) -> set[int]:
    """2020: the 2019-flagged sample through the whole procedure; returns their household ids."""
    last = panel.years[-1]
    changed = set(
        StatusEvent.objects.filter(occurred_at__year=last).values_list("household_id", flat=True)
    )
    # Households whose status changed in the last year are left out: their monitoring would
    # have to be dated around that change.
    signals = _signals(flagged(panel, last - 1, clock.policy), households, changed)
    now_flagged = flagged(panel, last, clock.policy)
    still = {r["household_id"] for r in now_flagged}
    below = {r["household_id"] for r in now_flagged if r["income_poor"]}
    # Half the sample recovered in the last year (their risk may be eliminated), half did not.
    size = _sample_size(len(households), 2000, 4, 60)
    recovered = [s for s in signals if s.household.number not in still][: (size + 1) // 2]
    chosen = recovered + [s for s in signals if s.household.number in still][: size // 2]
    raised = dt.datetime(last, 3, 2, 9, tzinfo=timezone.get_default_timezone())
    _raise(chosen, raised, clock.policy, clock.county)
    finish_year(chosen, below, raised, clock, stats)
    return {s.household.pk for s in chosen}


def _open_work(
    panel: Any, households: dict, done: set[int], clock: DemoClock, stats: DemoStats
) -> None:
    signals = _signals(flagged(panel, panel.years[-1], clock.policy), households, set())
    fresh = [s for s in signals if s.household.pk not in done]
    per_stage = _sample_size(len(households), 10_000, 2, 12)
    start = 0
    for days_ago, steps in OPEN_SAMPLES:
        sample = fresh[start : start + per_stage]
        start += per_stage
        _raise(sample, clock.days_ago(days_ago), clock.policy, clock.county)
        for signal in sample:
            advance(signal.household.pk, steps, clock, stats)
    _raise(
        fresh[start:] + [s for s in signals if s.household.pk in done],
        clock.days_ago(RECENT_DAYS),
        clock.policy,
        clock.county,
    )


def load_demo_alerts(
    panel: Any, now: dt.datetime | None = None, progress: Progress | None = None
) -> DemoStats:
    """Creates the demo's alerts, steps and outcomes in one transaction; returns what it made."""
    started = time.perf_counter()
    report = progress or (lambda step, done, total: None)
    county_user = get_user_model().objects.get(username="county")
    county = Region.objects.filter(level="county").order_by("code").first()
    clock = DemoClock(now or timezone.now(), policy_for_region(county), county_user)
    stats = DemoStats()
    with transaction.atomic():
        households = _households()
        report("alerts", 0, 4)
        done = _finished_year(panel, households, clock, stats)
        report("alerts", 1, 4)
        households = _households()  # the finished year changed some statuses
        _open_work(panel, households, done, clock, stats)
        report("alerts", 2, 4)
        stats.department_rows = import_hospital_sample(len(households), clock)
        report("alerts", 3, 4)
        county = Region.objects.filter(level="county").order_by("code").first()
        if county is not None:
            stats.escalated = escalate_overdue(county.prefix, now=clock.now, actor=None)
        report("alerts", 4, 4)
    stats.alerts = Alert.objects.count()
    stats.seconds = time.perf_counter() - started
    return stats
