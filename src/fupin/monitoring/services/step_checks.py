"""What each step of the monitoring procedure needs in its data, checked before it is taken."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fupin.monitoring.choices import Group
from fupin.monitoring.services.elimination import elimination_problems
from fupin.procedure.engine import Problems, StepContext
from fupin.procedure.engine import reason_given as reason_given  # the table names it from here


def visit_complete(context: StepContext) -> Problems:
    """At least the policy's number of different visitors, a past visit date, findings."""
    data, needed = context.data, context.in_force.monitoring.visit_people_min
    visitors = {str(v).strip() for v in data.get("visitors", []) if str(v).strip()}
    problems: Problems = []
    if len(visitors) < needed:
        problems.append(
            (
                "visitors",
                _("a home visit needs at least %(count)d different visitors") % {"count": needed},
            )
        )
    visited_on = data.get("visited_on")
    if not isinstance(visited_on, dt.date):
        problems.append(("visited_on", _("is required")))
    elif visited_on > context.today:
        problems.append(("visited_on", _("cannot be in the future")))
    if not str(data.get("findings", "")).strip():
        problems.append(("findings", _("is required")))
    return problems


def assets_authorised(context: StepContext) -> Problems:
    """The household signed the authorisation for the asset check."""
    if "authorised" in context.data and not context.data["authorised"]:
        return [("authorised", _("the household's signed authorisation for the check is required"))]
    return []


def notice_within_policy(context: StepContext) -> Problems:
    """The appraisal's notice lasts the policy's days and was not posted in the future."""
    rules = context.in_force.monitoring
    low, high = rules.notice_days_min, rules.notice_days_max
    days = context.data.get("notice_days")
    problems: Problems = []
    if not isinstance(days, int) or not low <= days <= high:
        problems.append(
            (
                "notice_days",
                _("the notice lasts %(low)d to %(high)d days") % {"low": low, "high": high},
            )
        )
    start = context.data.get("notice_from")
    if not isinstance(start, dt.date):
        problems.append(("notice_from", _("is required")))
    elif start > context.today:
        problems.append(("notice_from", _("cannot be in the future")))
    return problems


def known_group(context: StepContext) -> Problems:
    """The group the county chose, if any, is one of the three monitored groups."""
    group = context.data.get("group")
    if group and group not in Group.values:
        return [("group", _("unknown group %(group)s") % {"group": group})]
    return []


def risk_eliminated(context: StepContext) -> Problems:
    """The policy's conditions for declaring the risk eliminated hold today."""
    from fupin.monitoring.models import MonitoredHousehold

    monitored = MonitoredHousehold.objects.get(alert=context.subject)
    return elimination_problems(monitored, context.today, context.in_force)
