"""Steps of the signed procedure for the demo's alerts, taken through the monitoring services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.monitoring.errors import ProcedureError
from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.monitoring.services.measures import add_measure
from fupin.monitoring.services.steps import take_step

# What the demo's cadres write, stored in the language the demo is loaded in (--lang).
VISITORS = ("cadre", "helper")
FINDINGS = gettext_noop("visited at home with the household head; income and spending checked")
APPROVE_NOTE = gettext_noop("approved by the county office after township review")
REJECT_REASON = gettext_noop("income and assets above the monitoring range")
RETURN_REASON = gettext_noop("income fell below the poverty line")
ELIMINATE_NOTE = gettext_noop("income stable above the range; spending resolved")
JOB_NOTE = gettext_noop("job placement through the county employment service")
SUPPORT_NOTE = gettext_noop("minimum living allowance and medical assistance arranged")
NOTICE_DAYS = 7


@dataclass
class DemoStats:
    """What the demo's monitoring content holds."""

    alerts: int = 0
    department_rows: int = 0
    monitored: int = 0
    eliminated: int = 0
    returned: int = 0
    rejected: int = 0
    escalated: int = 0
    watched: int = 0
    steps: int = 0
    objections: int = 0
    seconds: float = 0.0
    years: list[int] = field(default_factory=list)


@dataclass
class DemoClock:
    """The demo's clock (the moment the demo is loaded) and the acting county user."""

    now: dt.datetime
    county: Any

    def days_ago(self, days: int) -> dt.datetime:
        """The moment ``days`` days before now."""
        return self.now - dt.timedelta(days=days)

    def on(self, year: int, month: int, day: int) -> dt.datetime:
        """10:00 on a day, in the demo's time zone."""
        return dt.datetime(year, month, day, 10, tzinfo=self.now.tzinfo)


def step_data(action: str, when: dt.datetime, alert: Alert) -> dict[str, Any]:
    """What the demo writes into each step's form."""
    today = when.date()
    forms: dict[str, dict[str, Any]] = {
        "visit": {"visitors": list(VISITORS), "visited_on": today, "findings": _(FINDINGS)},
        "check_assets": {"authorised": True},
        "appraise": {"notice_days": NOTICE_DAYS, "notice_from": today},
        "township_review": {},
        "county_approve": {"note": _(APPROVE_NOTE), "group": alert.group},
        "county_reject": {"reason": _(REJECT_REASON)},
        "return": {"reason": _(RETURN_REASON)},
        "eliminate_risk": {"note": _(ELIMINATE_NOTE)},
    }
    return forms[action]


def step(alert: Alert, action: str, when: dt.datetime, clock: DemoClock) -> Alert:
    """Takes one step as the county user at ``when`` (under the village's policy)."""
    return take_step(
        alert.pk,
        action,
        actor=clock.county,
        now=when,
        expected_version=alert.version,
        data=step_data(action, when, alert),
        note=step_data(action, when, alert).get("findings", ""),
    )


def advance(alert: Alert, steps: Any, clock: DemoClock, stats: DemoStats) -> Alert:
    """Takes ``steps`` — (action, moment) pairs — on the alert; returns it afresh."""
    for action, when in steps:
        alert = step(alert, action, when, clock)
        stats.steps += 1
    return alert


def give_measure(alert: Alert, started_on: dt.date, clock: DemoClock, able: bool) -> None:
    """A development measure for a household that can work, social security for one that can't."""
    monitored = MonitoredHousehold.objects.get(alert=alert)
    kind, note = ("employment", JOB_NOTE) if able else ("social_security", SUPPORT_NOTE)
    add_measure(monitored.pk, kind=kind, started_on=started_on, note=_(note), actor=clock.county)


def conclude(
    alert: Alert, fell_below: bool, when: dt.datetime, clock: DemoClock, stats: DemoStats
) -> None:
    """The outcome: a return to poverty, or risk eliminated where the policy's conditions hold."""
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
