"""What each procedure step needs in its data, checked before the step is taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from fupin.monitoring.choices import Group

Problems = list[tuple[str, str]]


def _visit(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    visitors = {str(v).strip() for v in data.get("visitors", []) if str(v).strip()}
    needed = policy.monitoring.visit_people_min
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
    elif visited_on > today:
        problems.append(("visited_on", _("cannot be in the future")))
    if not str(data.get("findings", "")).strip():
        problems.append(("findings", _("is required")))
    return problems


def _assets(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    if "authorised" in data and not data["authorised"]:
        return [("authorised", _("the household's signed authorisation for the check is required"))]
    return []


def _appraise(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    low, high = policy.monitoring.notice_days_min, policy.monitoring.notice_days_max
    days = data.get("notice_days")
    problems: Problems = []
    if not isinstance(days, int) or not low <= days <= high:
        problems.append(
            (
                "notice_days",
                _("the notice lasts %(low)d to %(high)d days") % {"low": low, "high": high},
            )
        )
    start = data.get("notice_from")
    if not isinstance(start, dt.date):
        problems.append(("notice_from", _("is required")))
    elif isinstance(days, int) and start + dt.timedelta(days=days) > today:
        problems.append(("notice_from", _("the notice period has not ended yet")))
    return problems


def _approve(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    group = data.get("group")
    if group and group not in Group.values:
        return [("group", _("unknown group %(group)s") % {"group": group})]
    return []


def _needs_reason(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    return [] if str(data.get("reason", "")).strip() else [("reason", _("is required"))]


def _nothing(data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    return []


CHECKS: dict[str, Callable[[dict[str, Any], Any, dt.date], Problems]] = {
    "visit": _visit,
    "check_assets": _assets,
    "appraise": _appraise,
    "township_review": _nothing,
    "county_approve": _approve,
    "county_reject": _needs_reason,
    "eliminate_risk": _nothing,
    "return": _needs_reason,
}


def step_problems(action: str, data: dict[str, Any], policy: Any, today: dt.date) -> Problems:
    """The problems of ``data`` for ``action`` (empty: the data is complete)."""
    return CHECKS[action](data, policy, today)


def json_safe(data: dict[str, Any]) -> dict[str, Any]:
    """The step data with dates as ISO text, for the JSON column."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
