"""The rules kernel's input (roster columns as Arrow tables) for many registry households at once.

Columns are built as whole lists and turned into Arrow arrays once: a county of 100,000
households is one table, not 100,000 small ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
from django.db.models import Max, Q

from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.selectors.roster import household_row, member_row
from fupin.rules import columns as col
from fupin.rules.facts import fact_columns
from fupin.rules.money import FEN_TYPE


def _text(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)


def households_table(rows: list[dict[str, Any]], villages: list[str]) -> pa.Table:
    """The kernel's households table (plus ``village_code``, which the risk scorer reads)."""
    data: dict[str, pa.Array] = {
        "household_id": pa.array([r["household_id"] for r in rows], pa.string()),
        "year": pa.array([r["year"] for r in rows], pa.int32()),
    }
    for name in col.HOUSEHOLD_ENUMS:
        data[name] = pa.array([r[name] for r in rows], pa.string())
    for name in (*col.MONEY_COLUMNS, col.PREVIOUS_INCOME_COLUMN):
        data[name] = pa.array([r[name] for r in rows], FEN_TYPE)
    data.update(fact_columns(rows, col.HOUSEHOLDS_SHEET))
    data["village_code"] = pa.array(villages, pa.string())
    return pa.table(data)


def members_table(rows: list[tuple[str, dict[str, Any]]]) -> pa.Table:
    """The kernel's members table from (household number, roster member) pairs."""
    data = {
        name: pa.array([_text(m.get(name)) for _n, m in rows], pa.string())
        for name in col.MEMBER_COLUMNS
        if name != "household_id"
    }
    data["household_id"] = pa.array([number for number, _m in rows], pa.string())
    data.update(fact_columns([m for _n, m in rows], col.MEMBERS_SHEET))
    return pa.table(data)


def _latest_records(ids: list[int], years: Iterable[int] | None) -> dict[int, IncomeRecord]:
    """Each household's latest income record (within ``years``), read alone: a household with
    thirteen years of history costs one record, not thirteen."""
    records = IncomeRecord.objects.filter(household_id__in=ids)
    if years is not None:
        records = records.filter(year__in=list(years))
    newest = dict(
        records.values("household_id").annotate(top=Max("year")).values_list("household_id", "top")
    )
    wanted = Q(pk__in=[])
    for year in set(newest.values()):  # a handful of years: one OR term each
        wanted |= Q(year=year, household_id__in=[h for h, y in newest.items() if y == year])
    return {r.household_id: r for r in IncomeRecord.objects.filter(wanted)}


def kernel_tables(
    households: Iterable[Household], years: Iterable[int] | None = None
) -> tuple[pa.Table, pa.Table] | None:
    """Households (latest income year each) and members as kernel input; None when none qualify.

    Households without an income record (in ``years``, the policy's years, when given) or without
    active members are left out: the kernel has nothing to judge them by.
    """
    chosen = {h.pk: h for h in households}
    if not chosen:
        return None
    latest = _latest_records(list(chosen), years)
    members: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(household_id__in=chosen, active=True).order_by("id"):
        members[member.household_id].append(member)
    exited = set(
        StatusEvent.objects.filter(household_id__in=chosen, kind="exited").values_list(
            "household_id", flat=True
        )
    )
    codes = dict(
        Region.objects.filter(pk__in={h.village_id for h in chosen.values()}).values_list(
            "pk", "code"
        )
    )
    kept = [pk for pk in latest if members[pk]]
    if not kept:
        return None
    rows = [household_row(chosen[pk], latest[pk], pk in exited) for pk in kept]
    people = [(chosen[pk].number, member_row(m)) for pk in kept for m in members[pk]]
    return households_table(rows, [codes[chosen[pk].village_id] for pk in kept]), members_table(
        people
    )
