"""Shared helpers of the monitoring tests: a fixed clock, the policy, income records, csv bytes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from fupin.policy.resolver import policy_for
from fupin.registry.models import Household, IncomeRecord

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday: deadlines are easy to count from it.
MONDAY = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware datetime on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def policy():
    """The policy in force in the cast's county (a western county of province 99: the nation's)."""
    return policy_for("990102000000", {"western"})


def generous():
    """The cast's policy with a monitored share of 100 %: the cast's register is so small (12
    people) that 5 % of it is nobody, so tests that want bulk signals raised use this one."""
    shares = {"scale_share": 1, "scale_share_deep_poverty": 1}
    return policy().model_copy(update={"monitoring": policy().monitoring.model_copy(update=shares)})


def set_income(household: Household, year: int, wage: str, **extra: str) -> IncomeRecord:
    """Adds (or replaces) the household's income record of ``year`` with ``wage`` local wages."""
    IncomeRecord.objects.filter(household=household, year=year).delete()
    values = {name: Decimal(value) for name, value in extra.items()}
    return IncomeRecord.objects.create(
        household=household, year=year, wage_local=Decimal(wage), **values
    )


def csv_bytes(
    *rows: tuple[str, ...], header: tuple[str, ...] = ("身份证号", "姓名", "日期", "金额")
) -> bytes:
    """A CSV file (UTF-8) with ``header`` and ``rows``."""
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def head_of(household: Household):
    """The household's head member."""
    return household.members.get(relation="head")
