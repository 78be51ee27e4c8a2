"""Whether a monitored household's risk may be declared eliminated, and the development check."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from fupin.monitoring.choices import DEVELOPMENT_MEASURES, cause_label
from fupin.monitoring.models import Evidence, MonitoredHousehold
from fupin.registry.models import Household, Member
from fupin.registry.selectors.kernel_input import kernel_tables
from fupin.rules import decide
from fupin.rules.columns import ABLE_LABOUR

if TYPE_CHECKING:
    from fupin.policy import Policy

SOCIAL_SECURITY_TYPES = frozenset({"dibao", "wubao", "dibao_wubao"})
SHOCK_CAUSES = frozenset({"HOSPITAL_OOP", "ANNUAL_OOP", "DISASTER", "RIGID_SPENDING"})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _latest_decision(household: Household, policy: Policy, today: dt.date) -> dict | None:
    """The kernel's decision on the household's latest income record up to ``today``'s year."""
    years = [year for year in policy.poverty_line_by_year if year <= today.year]
    tables = kernel_tables([household], years)
    if tables is None:
        return None
    return decide(tables[0], tables[1], policy).to_pylist()[0]


def _codes(text: str | None) -> list[str]:
    return text.split(";") if text else []


def _income_problems(row: dict | None, since: dt.date) -> list[tuple[str, str]]:
    if row is None or row["year"] < since.year:
        return [("income", _("no income record since monitoring began"))]
    flags = _codes(row["flags"])
    if row["income_poor"] or "NEAR_LINE" in flags:
        return [("income", _("per-capita income is not above the monitoring range"))]
    if "INCOME_DROP" in flags:
        return [("income", _("income fell sharply: it is not stable"))]
    return []


def _spending_problems(household: Household, row: dict | None, start: dt.date) -> list:
    problems = []
    if row is not None and "RIGID_SPENDING" in _codes(row["flags"]):
        problems.append(("rigid_spending", _("rigid spending still exceeds the income")))
    recent = Evidence.objects.filter(
        alert__household=household, recorded_at__date__gt=start
    ).values_list("causes", flat=True)
    if any(SHOCK_CAUSES.intersection(causes) for causes in recent):
        problems.append(
            ("rigid_spending", _("a new hospital stay, disaster or large spending was reported"))
        )
    return problems


def _lives_on_social_security(household: Household, row: dict | None) -> bool:
    no_labour = not Member.objects.filter(
        household=household, active=True, labour_ability__in=ABLE_LABOUR
    ).exists()
    on_support = household.household_type in SOCIAL_SECURITY_TYPES or bool(
        row and row.get("transfers_fen") and "TRANSFER_DEPENDENT" in _codes(row["flags"])
    )
    return no_labour and on_support


def elimination_problems(
    monitored: MonitoredHousehold, today: dt.date, policy: Policy
) -> list[tuple[str, str]]:
    """Why the risk may not be declared eliminated on ``today`` (empty: it may)."""
    months = policy.monitoring.risk_elimination_months
    problems: list[tuple[str, str]] = []
    if today < add_months(monitored.since, months):
        problems.append(
            ("months", _("monitored for less than %(months)d months") % {"months": months})
        )
    # Read the household afresh: its card may have changed since the monitored row was loaded.
    household = Household.objects.get(pk=monitored.household_id)
    row = _latest_decision(household, policy, today)
    problems += _income_problems(row, monitored.since)
    problems += _spending_problems(household, row, add_months(today, -months))
    gaps = _codes(row["guarantee_gaps"]) if row else []
    problems += [
        ("guarantees", _("guarantee not consolidated: %(gap)s") % {"gap": cause_label(gap)})
        for gap in gaps
    ]
    if _lives_on_social_security(household, row):
        problems.append(
            (
                "social_security",
                _("no labour capacity and lives on social-security support: stays monitored"),
            )
        )
    return problems


def has_labour_capacity(household: Any) -> bool:
    """True when an active member has ordinary or skilled labour ability."""
    return Member.objects.filter(
        household=household, active=True, labour_ability__in=ABLE_LABOUR
    ).exists()


def needs_development_measure(monitored: MonitoredHousehold) -> bool:
    """True for an active monitored household that can work but has no development measure."""
    if not monitored.active or not has_labour_capacity(monitored.household):
        return False
    return not monitored.measures.filter(kind__in=DEVELOPMENT_MEASURES).exists()
