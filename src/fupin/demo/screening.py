"""The demo's department screening: a health-insurance hospitalisation list, imported as a file.

The list is written as the CSV a county's medical insurance bureau would send (Chinese headers)
and goes through ``import_screening`` like an upload: most rows name members of households
without an alert, with out-of-pocket costs above the policy's threshold; two rows are below it,
one ID number is not in the registry and one row repeats another, so the import report shows
every outcome.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from fupin import idnumber
from fupin.monitoring.services.screening import import_screening
from fupin.registry.models import Household, Member

if TYPE_CHECKING:
    from fupin.demo.monitoring_steps import DemoClock

FILE_NAME = "医保住院自付名单-demo.csv"
HEADER = ("身份证号", "姓名", "入院日期", "自付金额", "备注")
ABOVE_YUAN = 12_000  # above the 10,000 yuan threshold for rural residents not monitored
BELOW_YUAN = 3_500
UNKNOWN_AREA = "110101"  # a Beijing district: nobody in the demo county has this ID prefix


def _members(count: int) -> list[tuple[str, str]]:
    """One member each of ``count`` + 2 monitorable households that have no alert yet."""
    monitorable = Household.objects.filter(status__in=("registered", "exited")).exclude(
        alerts__isnull=False
    )
    rows = (
        Member.objects.filter(active=True, household__in=monitorable)
        .order_by("household_id", "id")
        .values_list("household_id", "id_number", "name")[: (count + 2) * 8]
    )
    one_each = {household: (number, name) for household, number, name in reversed(rows)}
    return list(one_each.values())[: count + 2]


def hospital_list(members: list[tuple[str, str]], day: dt.date) -> bytes:
    """The CSV content: members above the threshold, two below, one unknown, one repeated."""
    rows: list[tuple[str, ...]] = []
    for index, (number, name) in enumerate(members):
        amount = BELOW_YUAN if index >= len(members) - 2 else ABOVE_YUAN + 750 * index
        rows.append((number, name, day.isoformat(), f"{amount}.00", "住院"))
    unknown = idnumber.make(UNKNOWN_AREA, dt.date(1961, 5, 17), 7, "M")
    rows.append((unknown, "", day.isoformat(), "23000.00", "住院"))
    if rows:
        rows.append(rows[0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def import_hospital_sample(households: int, clock: DemoClock) -> int:
    """Imports the demo hospitalisation list as the county user; returns its number of rows."""
    count = max(6, min(80, round(households / 1500)))
    when = clock.days_ago(1)
    content = hospital_list(_members(count), when.date() - dt.timedelta(days=4))
    record = import_screening("health", FILE_NAME, content, actor=clock.county, now=when)
    return int(record.rows_total)
