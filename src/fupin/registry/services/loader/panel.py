"""Loading a county with its history: every year's income record and the status events between.

``load_panel(panel)`` takes a panel (``fupin.synth.panel.demo_panel`` or anything with Arrow tables
``regions``, ``households`` — one row per household and year — and ``members`` with an optional
``left_year``). Households are written once, with the card of the first year, the latest housing
grade and the status the replayed events give; income records for every year; the events of
``fupin.registry.services.loader.history``; members, of whom those who left (``left_year`` at or before the
last year: died) are kept with ``active = False`` and newborns are active members whose birth
date tells when they joined. Checks come first; everything is written in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.selectors.policies import policies_for_villages
from fupin.registry.services.loader import (
    BATCH_ROWS,
    LoadError,
    LoadStats,
    Progress,
    _load_regions,
    _quiet,
    build,
    validate_county,
    values,
)
from fupin.registry.services.loader.history import History, build_history, reason_for
from fupin.registry.services.rows import (
    insert_columns,
    refresh_statistics,
    reserve_ids,
    resync_sequence,
)

ActorFor = Callable[[], "int | None"]


@dataclass(frozen=True)
class CountyView:
    """The first year of a panel, shaped like a county for the loader's checks."""

    regions: pa.Table
    households: pa.Table
    members: pa.Table


def _years(households: pa.Table) -> tuple[int, ...]:
    return tuple(sorted(set(households["year"].to_pylist())))


def _first_year(panel: Any, years: tuple[int, ...]) -> pa.Table:
    return panel.households.filter(pc.equal(panel.households["year"], years[0]))


def check_panel(panel: Any) -> History:
    """Raises LoadError naming bad rows (first-year card, any year's amounts, illegal histories)."""
    households = panel.households
    if "year" not in households.column_names or households.num_rows == 0:
        raise LoadError([("households.year", _("a panel needs a year column with rows"))])
    years = _years(households)
    missing = sorted(set(range(years[0], years[-1] + 1)).difference(years))
    if missing:
        message = _("the years must follow one another; missing: %(years)s")
        raise LoadError([("households.year", message % {"years": ", ".join(map(str, missing))})])
    validate_county(CountyView(panel.regions, _first_year(panel, years), panel.members))
    problems = values.check_amounts(households) + values.check_coded(households, "households")
    if problems:
        raise LoadError(problems)
    history = build_history(
        households, years, getattr(panel, "seed", 0), timezone.get_default_timezone()
    )
    if history.problems:
        raise LoadError(history.problems)
    return history


def _household_columns(
    panel: Any, years: tuple[int, ...], ids: list[int], villages: dict[str, int], history: History
) -> dict:
    first = _first_year(panel, years)
    columns = build.household_columns(first, ids, villages)
    last = panel.households.filter(pc.equal(panel.households["year"], years[-1]))
    where = pc.index_in(first["household_id"], value_set=last["household_id"]).to_numpy()
    # The card shows what is true now: the latest housing grade and causes of poverty.
    for name, default in (("housing_grade", "A"), ("main_cause", ""), ("other_causes", "")):
        if name in last.column_names:
            values = np.asarray(last[name].to_pylist(), dtype=object)[where]
            columns[name] = [default if v is None else v for v in values]
    if "other_causes" in last.column_names:
        columns["other_causes"] = [[c for c in v.split(";") if c] for v in columns["other_causes"]]
    columns["status"] = history.final_status
    columns["version"] = history.versions
    return columns


def _event_columns(
    history: History,
    ids: list[int],
    years: tuple[int, ...],
    actor_id: int | None,
    stamps: list[dict[str, str]],
) -> dict:
    """The events' columns; ``stamps``: the policy stamp of each first-year household row."""
    count = len(history.kind)
    first = years[0]
    stamp_of = [stamps[row] for row in history.household_row]
    return {
        "household": [ids[row] for row in history.household_row],
        "kind": history.kind,
        "status_after": history.status_after,
        # The first year's registration is the initial load; later decisions are the county's.
        "actor": [None if y == first else actor_id for y in history.year],
        "occurred_at": history.occurred_at,
        "reason": [
            reason_for(k, y, first) for k, y in zip(history.kind, history.year, strict=True)
        ],
        "evidence": [""] * count,
        "policy_id": [s["policy_id"] for s in stamp_of],
        "policy_version": [s["policy_version"] for s in stamp_of],
        "policy_hash": [s["policy_hash"] for s in stamp_of],
        "data": [{"source": "history", "year": y} for y in history.year],
    }


def _member_columns(members: pa.Table, household_ids: dict[str, int], last_year: int) -> dict:
    columns = build.member_columns(members, household_ids)
    if "left_year" in members.column_names:
        left = members["left_year"].to_pylist()
        columns["active"] = [y is None or y > last_year for y in left]
    return columns


def load_panel(
    panel: Any, progress: Progress | None = None, actor: ActorFor | None = None
) -> LoadStats:
    """Checks and writes a county with its years of history in one transaction; raises LoadError."""
    report = progress or _quiet
    started = time.perf_counter()
    report("checks", 0, 1)
    history = check_panel(panel)
    report("checks", 1, 1)
    years = _years(panel.households)
    stats = LoadStats()
    with transaction.atomic():
        before = Region.objects.count()
        villages = _load_regions(panel.regions)
        stats.regions = Region.objects.count() - before
        report("regions", panel.regions.num_rows, panel.regions.num_rows)
        first = _first_year(panel, years)
        start = reserve_ids(Household)
        ids = list(range(start, start + first.num_rows))
        stats.households = insert_columns(
            Household, _household_columns(panel, years, ids, villages, history)
        )
        resync_sequence(Household)
        by_number = dict(zip(first["household_id"].to_pylist(), ids, strict=True))
        report("households", first.num_rows, first.num_rows)
        _load_incomes(panel.households, by_number, stats, report)
        for offset, batch in build.batches(panel.members, BATCH_ROWS):
            stats.members += insert_columns(Member, _member_columns(batch, by_number, years[-1]))
            report("members", offset + batch.num_rows, panel.members.num_rows)
        actor_id = actor() if actor else None
        stamps = _stamps(first, villages)
        stats.events = insert_columns(
            StatusEvent, _event_columns(history, ids, years, actor_id, stamps)
        )
        report("events", stats.events, stats.events)
        refresh_statistics(Region, Household, Member, IncomeRecord, StatusEvent)
    stats.seconds = time.perf_counter() - started
    return stats


def _stamps(first: pa.Table, villages: dict[str, int]) -> list[dict[str, str]]:
    """Each household's policy stamp: the policy in force in its village."""
    codes = first["village_code"].to_pylist()
    policies = policies_for_villages({villages[c] for c in set(codes)})
    by_code = {c: policies[villages[c]].stamp() for c in set(codes)}
    return [by_code[c] for c in codes]


def _load_incomes(
    households: pa.Table, by_number: dict[str, int], stats: LoadStats, report: Progress
) -> None:
    total = households.num_rows
    for offset, batch in build.batches(households, BATCH_ROWS):
        ids = [by_number[n] for n in batch["household_id"].to_pylist()]
        stats.incomes += insert_columns(IncomeRecord, build.income_columns(batch, ids))
        report("incomes", offset + batch.num_rows, total)
