"""Bulk loading of a county (regions, households, members, income, initial status events).

``load_county(county)`` takes anything with Arrow tables ``.regions``, ``.households`` and
``.members`` in the layout of fupin.synth. Everything is checked first, then written with
``bulk_create`` in big batches inside one transaction: the county loads completely or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.registry.choices import LEVEL_ORDER
from fupin.registry.errors import RecordError
from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.models.events import LOADED_WITH_THE_COUNTY
from fupin.registry.services.loader import build, checks, values
from fupin.registry.services.rows import (
    insert_columns,
    refresh_statistics,
    reserve_ids,
    resync_sequence,
)

Progress = Callable[[str, int, int], None]
BATCH_ROWS = 20_000


class LoadError(RecordError):
    """The county was refused; ``errors`` name table, row and column. Nothing was written."""


@dataclass
class LoadStats:
    """What a load wrote, and how long it took."""

    regions: int = 0
    households: int = 0
    members: int = 0
    incomes: int = 0
    events: int = 0
    seconds: float = 0.0


def _quiet(step: str, done: int, total: int) -> None:
    return None


def validate_county(county: Any) -> None:
    """Raises LoadError listing the problems of the county's tables; writes nothing."""
    tables = {"regions": county.regions, "households": county.households, "members": county.members}
    problems = [p for name, table in tables.items() for p in checks.missing_columns(table, name)]
    if problems:
        raise LoadError(problems)
    for name, table in tables.items():
        problems += values.check_required(table, name)
    if problems:
        raise LoadError(problems)
    existing_regions = dict(Region.objects.values_list("code", "level"))
    problems += checks.check_regions(county.regions, set(existing_regions))
    problems += values.check_hierarchy(county.regions, existing_regions)
    problems += values.check_coded(county.households, "households")
    problems += values.check_coded(county.members, "members")
    problems += values.check_amounts(county.households)
    problems += values.check_counts(county.households)
    new_villages = {
        code
        for code, level in zip(
            county.regions.column("code").to_pylist(),
            county.regions.column("level").to_pylist(),
            strict=True,
        )
        if level == "village"
    }
    villages = new_villages | {c for c, lvl in existing_regions.items() if lvl == "village"}
    numbers = county.households.column("household_id").to_pylist()
    existing = (
        set(Household.objects.filter(number__in=numbers).values_list("number", flat=True))
        if Household.objects.exists()
        else set()
    )
    problems += checks.check_households(county.households, villages, existing)
    problems += checks.check_member_households(county.members, county.households)
    problems += checks.check_member_identities(county.members)
    if not problems and Member.objects.filter(active=True).exists():
        problems += _active_elsewhere(county.members.column("id_number").to_pylist())
    if problems:
        raise LoadError(problems)


def _active_elsewhere(ids: list[str]) -> list[tuple[str, str]]:
    position = {number: row for row, number in enumerate(ids)}
    problems = []
    for start in range(0, len(ids), 5_000):
        clashes = Member.objects.filter(id_number__in=ids[start : start + 5_000], active=True)
        for number, other in clashes.values_list("id_number", "household__number")[:20]:
            problems.append(
                (
                    f"members[{position[number]}].id_number",
                    _("is already an active member of household %(other)s") % {"other": other},
                )
            )
    return problems[: checks.MAX_REPORTED]


def _load_regions(regions: Any) -> dict[str, int]:
    ids = dict(Region.objects.values_list("code", "id"))
    rows = regions.to_pylist()
    for level in LEVEL_ORDER:  # parents before children
        new = [
            build.region(r, ids.get(r["parent_code"] or ""))
            for r in rows
            if r["level"] == level and r["code"] not in ids
        ]
        for created in Region.objects.bulk_create(new, batch_size=BATCH_ROWS):
            ids[created.code] = created.pk
    return ids


def _load_households(
    county: Any, region_ids: dict[str, int], stats: LoadStats, progress: Progress
) -> dict[str, int]:
    ids: dict[str, int] = {}
    next_id = reserve_ids(Household)
    when = timezone.now()
    reason = LOADED_WITH_THE_COUNTY  # stored untranslated; shown in the reader's language
    total = county.households.num_rows
    for offset, batch in build.batches(county.households, BATCH_ROWS):
        batch_ids = list(range(next_id, next_id + batch.num_rows))
        next_id += batch.num_rows
        stats.households += insert_columns(
            Household, build.household_columns(batch, batch_ids, region_ids)
        )
        stats.incomes += insert_columns(IncomeRecord, build.income_columns(batch, batch_ids))
        stats.events += insert_columns(
            StatusEvent, build.event_columns(batch, batch_ids, when, reason)
        )
        ids.update(zip(batch.column("household_id").to_pylist(), batch_ids, strict=True))
        progress("households", offset + batch.num_rows, total)
    resync_sequence(Household)
    return ids


def _load_members(
    members: Any, household_ids: dict[str, int], stats: LoadStats, progress: Progress
) -> None:
    total = members.num_rows
    for offset, batch in build.batches(members, BATCH_ROWS):
        stats.members += insert_columns(Member, build.member_columns(batch, household_ids))
        progress("members", offset + batch.num_rows, total)


def load_county(county: Any, progress: Progress | None = None) -> LoadStats:
    """Checks and writes a county in one transaction; raises LoadError naming bad rows."""
    report = progress or _quiet
    started = time.perf_counter()
    report("checks", 0, 1)
    validate_county(county)
    report("checks", 1, 1)
    stats = LoadStats()
    with transaction.atomic():
        before = Region.objects.count()
        region_ids = _load_regions(county.regions)
        stats.regions = Region.objects.count() - before
        report("regions", county.regions.num_rows, county.regions.num_rows)
        household_ids = _load_households(county, region_ids, stats, report)
        _load_members(county.members, household_ids, stats, report)
        refresh_statistics(Region, Household, Member, IncomeRecord, StatusEvent)
    stats.seconds = time.perf_counter() - started
    return stats
