"""The monitored-scale bound: about 5% of the registered population (10% in deep-poverty areas)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Count, QuerySet

from fupin.monitoring.models import Alert
from fupin.monitoring.services.memo import alerts_state, maybe_remembered, members_state
from fupin.registry.models import Member, Region


def registered_population(prefix: str) -> int:
    """Active members of the households registered under ``prefix``."""

    def count() -> int:
        return Member.objects.filter(
            active=True, household__village__in=regions_under(prefix)
        ).count()

    return maybe_remembered("population", (prefix,), members_state(), count)


def regions_under(prefix: str) -> QuerySet[Region]:
    """The regions under ``prefix``, as a subquery: filtering members through it lets the database
    start from the area's few hundred regions instead of joining every member (15× faster)."""
    return Region.objects.filter(code__startswith=prefix)


def is_deep_poverty(region: Region) -> bool:
    """True when the region or any region above it is a deep-poverty area."""
    node: Region | None = region
    while node is not None:
        if node.deep_poverty:
            return True
        node = node.parent
    return False


def scale_share(region: Region, policy: Any) -> float:
    """The policy's monitored share for the region."""
    rules = policy.monitoring
    return float(rules.scale_share_deep_poverty if is_deep_poverty(region) else rules.scale_share)


def scale_bound(region: Region, policy: Any) -> int:
    """How many people the region may monitor (rounded down)."""
    return math.floor(scale_share(region, policy) * registered_population(region.prefix))


@dataclass
class Ranked:
    """An alert's place in the ranked list and whether it falls inside the monitored scale."""

    alert: Any  # an Alert or an AlertKey
    rank: int
    people: int
    cumulative: int
    within_scale: bool


def priority_key(alert: Any) -> tuple:
    """Monitored first, then higher model risk, more causes, older alerts."""
    risk = alert.risk if alert.risk is not None else -1.0
    return (alert.stage != "monitored", -risk, -len(alert.causes or []), alert.raised_at, alert.pk)


def rank_alerts(alerts: list[Any], sizes: dict[int, int], bound: int) -> list[Ranked]:
    """Alerts ranked by priority; people are counted up and marked against the bound."""
    ranked, total = [], 0
    for rank, alert in enumerate(sorted(alerts, key=priority_key), start=1):
        people = sizes.get(alert.household_id, 0)
        total += people
        ranked.append(Ranked(alert, rank, people, total, total <= bound))
    return ranked


@dataclass
class CountyRanking:
    """The live alerts of some counties, ranked within each county against its bound."""

    by_alert: dict[int, Ranked]
    people: int
    bound: int

    @property
    def exceeded(self) -> bool:
        """True when some county's alerts go past its bound."""
        return any(not r.within_scale for r in self.by_alert.values())


COUNTY_DIGITS = 6
KEY_FIELDS = ("pk", "household_id", "stage", "risk", "causes", "raised_at")


@dataclass(frozen=True)
class AlertKey:
    """What ranking needs of an alert (read without building model instances)."""

    pk: int
    household_id: int
    stage: str
    risk: float | None
    causes: list[str]
    raised_at: Any


def alert_keys(prefix: str) -> list[Any]:
    """The ranking fields of the live alerts under ``prefix``."""
    rows = Alert.objects.live().filter(household__village__code__startswith=prefix)
    return [AlertKey(*row) for row in rows.values_list(*KEY_FIELDS)]


# PostgreSQL caps a statement at 65,535 parameters (SQLite builds allow fewer): a county with
# tens of thousands of live alerts is asked in chunks.
SIZE_QUERY_CHUNK = 10_000


def household_sizes(household_ids: set[int]) -> dict[int, int]:
    """Active members per household."""
    ids = sorted(household_ids)
    sizes: dict[int, int] = {}
    for start in range(0, len(ids), SIZE_QUERY_CHUNK):
        rows = (
            Member.objects.filter(
                household_id__in=ids[start : start + SIZE_QUERY_CHUNK], active=True
            )
            .values_list("household_id")
            .annotate(n=Count("id"))
        )
        sizes.update(rows)
    return sizes


def _rank_county(county: Region, bound: int) -> list[Ranked]:
    alerts = alert_keys(county.prefix)
    return rank_alerts(alerts, household_sizes({a.household_id for a in alerts}), bound)


def county_ranking(county_codes: set[str], policy: Any) -> CountyRanking:
    """Ranks every live alert of each county (the bound is a county's), whoever may see them.

    A village cadre's list then shows each of its alerts with the county-wide rank, so "beyond
    the scale" means the same on every page.
    """
    by_alert: dict[int, Ranked] = {}
    people = bound = 0
    alerts_now = alerts_state()  # big tables: rankings are remembered while alerts are unchanged
    state = None if alerts_now is None else (alerts_now, members_state())
    for code in sorted(county_codes):
        county = Region.objects.filter(code=code.ljust(12, "0"), level="county").first()
        if county is None:
            continue
        county_bound = scale_bound(county, policy)
        ranked = maybe_remembered(
            "ranking",
            (county.code, policy.content_hash, county_bound),
            state,
            partial(_rank_county, county, county_bound),
        )
        by_alert.update({r.alert.pk: r for r in ranked})
        people += ranked[-1].cumulative if ranked else 0
        bound += county_bound
    return CountyRanking(by_alert=by_alert, people=people, bound=bound)
