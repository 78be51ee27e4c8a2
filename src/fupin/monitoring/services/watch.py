"""The monitored scale applied to bulk signals, and the watch list that keeps the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from fupin.monitoring.models import WatchEntry
from fupin.monitoring.selectors.scale import COUNTY_DIGITS, area_bound, household_sizes, live_people
from fupin.registry.models import Region
from fupin.registry.selectors.policies import policies_for_villages
from fupin.registry.services.rows import update_rows
from fupin.rules.scale import priority_order, severity, within_capacity

CHUNK = 5_000  # ids per query (SQLite and PostgreSQL cap a statement's parameters)

if TYPE_CHECKING:
    from fupin.monitoring.models import Alert
    from fupin.monitoring.services.raising import Signal
    from fupin.policy import Policy


def _by_household(signals: list[Signal]) -> dict[int, list[Signal]]:
    grouped: dict[int, list[Signal]] = defaultdict(list)
    for signal in signals:
        grouped[signal.household.pk].append(signal)
    return grouped


def _causes(signals: list[Signal]) -> list[str]:
    return list(dict.fromkeys(c for s in signals for c in s.causes))


def _risk(signals: list[Signal]) -> float:
    risks = [s.risk for s in signals if s.risk is not None]
    return max(risks) if risks else float("nan")


def split_by_capacity(
    signals: list[Signal], policy: Policy | None
) -> tuple[list[Signal], list[Signal]]:
    """(signals to raise, signals to watch): per county, households by model risk and the
    rules' severity while their people fit the scale left after the live alerts."""
    grouped = _by_household(signals)
    villages = {pk: group[0].household.village_id for pk, group in grouped.items()}
    codes = dict(Region.objects.filter(pk__in=set(villages.values())).values_list("pk", "code"))
    sizes = household_sizes(set(grouped))
    by_county: dict[str, list[int]] = defaultdict(list)
    for pk, village in villages.items():
        by_county[codes[village][:COUNTY_DIGITS]].append(pk)
    taken: set[int] = set()
    for county, ids in by_county.items():
        capacity = area_bound(county, policy) - live_people(county)
        order = priority_order(
            np.asarray([_risk(grouped[pk]) for pk in ids]),
            np.asarray([severity(_causes(grouped[pk])) for pk in ids]),
        )
        people = np.asarray([sizes.get(pk, 0) for pk in ids])
        mask = within_capacity(order, people, max(capacity, 0))
        taken.update(pk for pk, keep in zip(ids, mask, strict=True) if keep)
    raise_now = [s for s in signals if s.household.pk in taken]
    return raise_now, [s for s in signals if s.household.pk not in taken]


def watch(signals: list[Signal], *, now: dt.datetime, policy: Policy | None = None) -> int:
    """Puts households on the watch list (or refreshes their open entry); returns how many."""
    grouped = _by_household(signals)
    if not grouped:
        return 0
    open_entries = {
        e.household_id: e for e in WatchEntry.objects.open().filter(household_id__in=grouped)
    }
    policies = (
        {}
        if policy is not None
        else policies_for_villages({g[0].household.village_id for g in grouped.values()})
    )
    fresh: list[WatchEntry] = []
    changed: list[WatchEntry] = []
    for pk, group in grouped.items():
        causes, risk = _causes(group), _risk(group)
        stamp = (policy or policies[group[0].household.village_id]).stamp()
        year = next((s.data.get("year") for s in group if s.data.get("year")), None)
        entry = open_entries.get(pk) or WatchEntry(household_id=pk, first_seen_at=now)
        entry.sources = list(dict.fromkeys([*entry.sources, *(s.source for s in group)]))
        entry.causes, entry.severity, entry.year = causes, severity(causes), year
        entry.risk = None if np.isnan(risk) else risk
        entry.last_seen_at = now
        entry.policy_id, entry.policy_hash = stamp["policy_id"], stamp["policy_hash"]
        (changed if entry.pk else fresh).append(entry)
    WatchEntry.objects.bulk_create(fresh, batch_size=2_000)
    fields = [
        "sources",
        "causes",
        "severity",
        "year",
        "risk",
        "last_seen_at",
        "policy_id",
        "policy_hash",
    ]
    update_rows(changed, fields)
    return len(grouped)


def close_watch(alerts: list[Alert], *, now: dt.datetime) -> None:
    """Closes the open watch entries of households that now have an alert."""
    by_household = {a.household_id: a for a in alerts}
    ids = sorted(by_household)
    for start in range(0, len(ids), CHUNK):
        entries = list(
            WatchEntry.objects.open().filter(household_id__in=ids[start : start + CHUNK])
        )
        for entry in entries:
            entry.closed_at, entry.closed_by_alert = now, by_household[entry.household_id]
        update_rows(entries, ["closed_at", "closed_by_alert"])


def clear_watch(flagged: set[int], prefix: str, *, now: dt.datetime) -> int:
    """Closes the open entries under ``prefix`` that only the kernel made and whose households a
    new kernel run no longer flags; returns how many."""
    entries = WatchEntry.objects.open().filter(household__village__code__startswith=prefix)
    stale = [
        pk
        for pk, household, sources in entries.values_list("pk", "household_id", "sources")
        if sources == ["kernel"] and household not in flagged
    ]
    for start in range(0, len(stale), CHUNK):
        WatchEntry.objects.filter(pk__in=stale[start : start + CHUNK]).update(closed_at=now)
    return len(stale)
