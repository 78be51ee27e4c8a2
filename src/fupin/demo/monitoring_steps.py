"""Steps of the signed procedure for the demo's sample alerts, taken through ``take_step``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.monitoring.errors import ProcedureError
from fupin.monitoring.models import Alert, Measure, MonitoredHousehold
from fupin.monitoring.services.steps import take_step

if TYPE_CHECKING:
    from fupin.demo.monitoring import DemoStats
    from fupin.monitoring.services.raising import Signal

# What the demo's cadres write, stored in the language the demo is loaded in (--lang).
VISITORS = ("cadre", "helper")
FINDINGS = gettext_noop("visited at home with the household head; income and spending checked")
APPROVE_NOTE = gettext_noop("approved by the county office after township review")
REJECT_REASON = gettext_noop("income and assets above the monitoring range")
RETURN_REASON = gettext_noop("income fell below the poverty line")
ELIMINATE_NOTE = gettext_noop("income stable above the range; spending resolved")
MEASURE_NOTE = gettext_noop("job placement through the county employment service")
NOTICE_DAYS = 7
# The finished year's procedure: (action, month, day) in the year the alerts were raised.
YEAR_STEPS = (
    ("visit", 3, 4),
    ("check_assets", 3, 9),
    ("appraise", 3, 20),
    ("township_review", 3, 25),
    ("county_approve", 3, 31),
)
OUTCOME_DAY = (12, 15)


@dataclass
class DemoClock:
    """The demo's clock (the moment the demo is loaded), policy and acting county user."""

    now: dt.datetime
    policy: Any
    county: Any

    def days_ago(self, days: int) -> dt.datetime:
        """The moment ``days`` days before now."""
        return self.now - dt.timedelta(days=days)


def _data(action: str, when: dt.datetime) -> dict[str, Any]:
    today = when.date()
    if action == "visit":
        return {"visitors": list(VISITORS), "visited_on": today, "findings": _(FINDINGS)}
    if action == "check_assets":
        return {"authorised": True}
    if action == "appraise":
        return {
            "notice_days": NOTICE_DAYS,
            "notice_from": today - dt.timedelta(days=NOTICE_DAYS + 1),
        }
    if action == "county_approve":
        return {"note": _(APPROVE_NOTE)}
    if action == "county_reject":
        return {"reason": _(REJECT_REASON)}
    if action == "return":
        return {"reason": _(RETURN_REASON)}
    return {"note": _(ELIMINATE_NOTE)} if action == "eliminate_risk" else {}


def step(alert: Alert, action: str, when: dt.datetime, clock: DemoClock) -> Alert:
    """Takes one step as the county user at ``when``; returns the fresh alert."""
    return take_step(
        alert.pk,
        action,
        actor=clock.county,
        now=when,
        expected_version=alert.version,
        policy=clock.policy,
        data=_data(action, when),
    )


def _live_alert(household_id: int) -> Alert:
    return Alert.objects.live().get(household_id=household_id)


def advance(household_id: int, steps: Any, clock: DemoClock, stats: DemoStats) -> None:
    """Takes ``steps`` — (action, days ago) pairs — on the household's live alert."""
    alert = _live_alert(household_id)
    for action, days_ago in steps:
        alert = step(alert, action, clock.days_ago(days_ago), clock)
        stats.steps += 1


def _at(year: int, month: int, day: int, clock: DemoClock) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=clock.now.tzinfo)


def finish_year(
    signals: list[Signal], below: set[str], raised: dt.datetime, clock: DemoClock, stats: DemoStats
) -> None:
    """The sample's year: procedure to monitoring, a measure each, and the outcome in December."""
    year = raised.year
    for signal in signals:
        alert = _live_alert(signal.household.pk)
        for action, month, day in YEAR_STEPS:
            alert = step(alert, action, _at(year, month, day, clock), clock)
            stats.steps += 1
        stats.monitored += 1
        monitored = MonitoredHousehold.objects.get(alert=alert)
        Measure.objects.create(
            monitored=monitored,
            kind="employment",
            note=_(MEASURE_NOTE),
            started_on=dt.date(year, 4, 15),
            recorded_by=clock.county,
        )
        _outcome(
            alert, signal.household.number in below, _at(year, *OUTCOME_DAY, clock), clock, stats
        )


def _outcome(
    alert: Alert, fell_below: bool, when: dt.datetime, clock: DemoClock, stats: DemoStats
) -> None:
    if fell_below:
        step(alert, "return", when, clock)
        stats.returned += 1
        stats.steps += 1
        return
    try:
        step(alert, "eliminate_risk", when, clock)
    except ProcedureError:
        return  # the policy's conditions do not hold yet: the household stays monitored
    stats.eliminated += 1
    stats.steps += 1
