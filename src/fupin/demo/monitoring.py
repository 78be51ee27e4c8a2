"""The demo's monitoring: past years' cycles, and today's open work, through the services.

``load_demo_monitoring(panel)`` runs after the county and its history are loaded:

* **Every year since the campaign ended** (2021 to this year), a cycle of ``fupin.demo.cycles``:
  a sample of the households the kernel flags on last year's income is taken through the
  procedure in March; in October the year's income decides the outcome (unless this year's
  October is still to come).
* **Today's open work**: small samples raised over the last weeks stand at each stage of the
  procedure (two never visited, so escalated as overdue; one notice is still up and has an
  objection); every other household the kernel flags on the latest income is raised within
  the county's monitored scale, ranked by risk and severity, and the rest go on the watch list;
  a health-insurance list is imported as department screening.

Sample sizes follow the county's size. The pages' clock is the real one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fupin.demo.cycles import choose, live_households, run_cycle
from fupin.demo.kernel import decided_year
from fupin.demo.monitoring_steps import DemoClock, DemoStats, advance
from fupin.demo.screening import import_hospital_sample
from fupin.monitoring.models import Alert
from fupin.monitoring.services.escalation import escalate_overdue
from fupin.monitoring.services.kernel import ALERT_DECISIONS
from fupin.monitoring.services.raising import raise_signals
from fupin.procedure.models import Notice
from fupin.procedure.services.notices import raise_objection
from fupin.registry.models import Household, Region
from fupin.synth.constants import CAMPAIGN_END

Progress = Callable[[str, int, int], None]
# Open alerts: (days ago raised, the steps taken: (action, days ago)), one sample each.
OPEN_SAMPLES: tuple[tuple[int, tuple[tuple[str, int], ...]], ...] = (
    (10, (("visit", 8),)),
    (14, (("visit", 12), ("check_assets", 9))),
    (20, (("visit", 18), ("check_assets", 15), ("appraise", 3))),  # its notice is still up
    (26, (("visit", 24), ("check_assets", 21), ("appraise", 14), ("township_review", 3))),
    (30, (("visit", 28), ("check_assets", 25), ("appraise", 18), ("township_review", 8),
          ("county_reject", 2))),
    (45, ()),  # never visited: overdue, escalated to the township
    (50, (("visit", 47),)),  # visited but no decision in time: overdue too
)  # fmt: skip
RECENT_DAYS = 2
OBJECTION = "村民反映：该户有人在县城经商，收入不低。"  # what a villager writes on the notice


def _size(households: int, per: int, low: int, high: int) -> int:
    return max(low, min(high, round(households / per)))


def _flags(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["decision"] in ALERT_DECISIONS]


def _open_samples(flags: list[dict], per_stage: int, clock: DemoClock, stats: DemoStats) -> None:
    busy = live_households()
    chosen = choose(flags, per_stage * len(OPEN_SAMPLES), busy)
    for index, (days_ago, steps) in enumerate(OPEN_SAMPLES):
        sample = chosen[index * per_stage : (index + 1) * per_stage]
        raise_signals(sample, now=clock.days_ago(days_ago), actor=clock.county)
        for signal in sample:
            alert = Alert.objects.live().get(household_id=signal.household.pk)
            advance(alert, [(a, clock.days_ago(d)) for a, d in steps], clock, stats)


def _objection(clock: DemoClock, stats: DemoStats) -> None:
    """A villager objects to a notice that is still up (the procedure waits for its finding)."""
    notice = Notice.objects.filter(ends_on__gte=clock.now.date()).order_by("id").first()
    if notice is not None:
        raise_objection(notice, text=OBJECTION, now=clock.days_ago(1))
        stats.objections += 1


def _open_work(latest: list[dict], per_stage: int, clock: DemoClock, stats: DemoStats) -> None:
    flags = _flags(latest)
    _open_samples(flags, per_stage, clock, stats)
    _objection(clock, stats)
    busy = live_households()
    rest = choose(flags, len(flags), busy)
    result = raise_signals(rest, now=clock.days_ago(RECENT_DAYS), actor=clock.county, bounded=True)
    stats.watched = result.watched


def load_demo_monitoring(
    panel: Any, now: Any = None, progress: Progress | None = None
) -> DemoStats:
    """Creates the demo's monitoring in one transaction; returns what it made."""
    started = time.perf_counter()
    report = progress or (lambda step, done, total: None)
    clock = DemoClock(now or timezone.now(), get_user_model().objects.get(username="county"))
    stats = DemoStats()
    years = [y for y in panel.years if CAMPAIGN_END < y <= clock.now.year]
    decided = {y: decided_year(panel, y) for y in panel.years if y >= CAMPAIGN_END}
    households = Household.objects.count()
    sample = _size(households, 1_300, 3, 100)
    with transaction.atomic():
        for done, year in enumerate(years):
            report("alerts", done, len(years) + 2)
            this_year = {r["household_id"]: r for r in decided.get(year, [])}
            run_cycle(year, _flags(decided[year - 1]), this_year, sample, clock, stats)
        report("alerts", len(years), len(years) + 2)
        _open_work(decided[panel.years[-1]], _size(households, 10_000, 2, 12), clock, stats)
        stats.department_rows = import_hospital_sample(households, clock)
        county = Region.objects.filter(level="county").order_by("code").first()
        if county is not None:
            stats.escalated = escalate_overdue(county.prefix, now=clock.now, actor=None)
        report("alerts", len(years) + 2, len(years) + 2)
    stats.alerts = Alert.objects.count()
    stats.seconds = time.perf_counter() - started
    return stats
