"""The monitored-scale bound of an area and the alerts ranked against it.

The bound is ``fupin.rules.scale``'s: the people of the households on the poverty register
(registered poor, returned, exited — and monitored ones that had exited) times the monitored
share of their village's policy and categories (the deep-poverty share where the village or a
region above it is a deep-poverty area), rounded down.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Count, Q, QuerySet

from fupin.monitoring.models import Alert
from fupin.monitoring.selectors.memo import alerts_state, maybe_remembered, members_state
from fupin.registry.models import Member, Region, StatusEvent
from fupin.registry.selectors.policies import categories_by_code, policies_for_villages
from fupin.rules.scale import scale_bound

if TYPE_CHECKING:
    from fupin.policy import Policy

COUNTY_DIGITS = 6
# Statuses of households on the poverty register; monitored ones count when they had exited.
ON_REGISTER = ("identified", "returned", "exited")
AFTER_EXIT = ("monitored", "risk_eliminated")


def regions_under(prefix: str) -> QuerySet[Region]:
    """The regions under ``prefix``, as a subquery: filtering members through it lets the database
    start from the area's few hundred regions instead of joining every member (15× faster)."""
    return Region.objects.filter(code__startswith=prefix)


def _register_people(prefix: str) -> Counter:
    exited = StatusEvent.objects.filter(kind="exited").values("household_id")
    on_register = Q(household__status__in=ON_REGISTER) | Q(
        household__status__in=AFTER_EXIT, household_id__in=exited
    )
    members = Member.objects.filter(
        on_register, active=True, household__village__in=regions_under(prefix)
    )
    rows = members.order_by().values_list("household__village_id").annotate(n=Count("id"))
    return Counter(dict(rows))


def register_people_by_village(prefix: str) -> Counter:
    """People on the poverty register under ``prefix``, per village id (remembered when large)."""
    return maybe_remembered(
        "register", (prefix,), members_state(), partial(_register_people, prefix)
    )


def registered_population(prefix: str) -> int:
    """People on the poverty register under ``prefix``."""
    return sum(register_people_by_village(prefix).values())


def village_shares(village_ids: list[int], policy: Policy | None = None) -> dict[int, float]:
    """Each village's monitored share, from its own policy and inherited categories."""
    codes = dict(Region.objects.filter(pk__in=village_ids).values_list("pk", "code"))
    categories = categories_by_code(codes.values())
    policies = {} if policy is not None else policies_for_villages(village_ids)
    return {
        pk: float((policy or policies[pk]).monitoring.scale_share_for(categories[code]))
        for pk, code in codes.items()
    }


def area_bound(prefix: str, policy: Policy | None = None) -> int:
    """How many people the area may monitor (``policy``: one policy for all its villages)."""
    people = register_people_by_village(prefix)
    if not people:
        return 0
    ids = sorted(people)
    shares = village_shares(ids, policy)
    return scale_bound(np.asarray([people[i] for i in ids]), np.asarray([shares[i] for i in ids]))


def area_share(region: Region, policy: Policy | None = None) -> float:
    """The monitored share the region's own policy and categories give (for display)."""
    categories = categories_by_code([region.code])[region.code]
    if policy is None:
        from fupin.registry.selectors.policies import policy_for_region

        policy = policy_for_region(region)
    return float(policy.monitoring.scale_share_for(categories))


@dataclass
class Ranked:
    """An alert's place in the ranked list and whether it falls inside the monitored scale."""

    alert: Any  # an Alert or an AlertKey
    rank: int
    people: int
    cumulative: int
    within_scale: bool


def priority_key(alert: Any) -> tuple:
    """Monitored first, then higher model risk, more severe causes, older alerts."""
    from fupin.rules.scale import severity

    risk = alert.risk if alert.risk is not None else -1.0
    pressing = severity(alert.causes or [])
    return (alert.stage != "monitored", -risk, -pressing, alert.raised_at, alert.pk)


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


def live_people(prefix: str) -> int:
    """People in the households with a live alert under ``prefix`` (they use the scale)."""
    ids = set(
        Alert.objects.live()
        .filter(household__village__code__startswith=prefix)
        .values_list("household_id", flat=True)
    )
    return sum(household_sizes(ids).values())


def _rank_county(county: Region, bound: int) -> list[Ranked]:
    alerts = alert_keys(county.prefix)
    return rank_alerts(alerts, household_sizes({a.household_id for a in alerts}), bound)


def county_ranking(county_codes: set[str], policy: Policy | None = None) -> CountyRanking:
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
        county_bound = area_bound(county.prefix, policy)
        ranked = maybe_remembered(
            "ranking",
            (county.code, county_bound),
            state,
            partial(_rank_county, county, county_bound),
        )
        by_alert.update({r.alert.pk: r for r in ranked})
        people += ranked[-1].cumulative if ranked else 0
        bound += county_bound
    return CountyRanking(by_alert=by_alert, people=people, bound=bound)
