"""Raising alerts: one live alert per household, every further signal added as its evidence.

``raise_signals`` is the one implementation, for one signal or a county's thousands (a few
queries either way). Signals from sources that flag in bulk — the rules kernel, the risk model —
are ``bounded``: households without a live alert are taken in order of model risk and the rules'
severity while their people fit what is left of their county's monitored scale; the others go
on the watch list with their flags. A household's own report, a cadre's visit and a department's
list name one verified hardship each and always raise an alert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fupin.monitoring.choices import SUDDEN_CAUSES
from fupin.monitoring.models import Alert, Evidence, ScreeningImport
from fupin.monitoring.services.deadlines import deadlines_for
from fupin.monitoring.services.watch import close_watch, split_by_capacity, watch
from fupin.policy import Policy
from fupin.procedure.services.steps import local_date
from fupin.registry.models import Household, StatusEvent
from fupin.registry.permissions import Role, User, account_of
from fupin.registry.selectors.policies import policies_for_villages
from fupin.registry.selectors.roster import POOR_STATUSES
from fupin.registry.services.rows import update_rows

# The village's paired helper follows an alert up, else its village cadre.
ASSIGNEE_ROLES = (Role.PAIRED_HELPER, Role.VILLAGE_CADRE)
BOUNDED_SOURCES = frozenset({"kernel", "model"})


@dataclass
class Signal:
    """One risk signal on a household from one source."""

    household: Household
    source: str
    causes: list[str]
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    risk: float | None = None
    factors: list[Any] = field(default_factory=list)


@dataclass
class RaiseResult:
    """What raising did: alerts opened, live alerts given evidence, households put on watch."""

    opened: int = 0
    updated: int = 0
    watched: int = 0
    alerts: dict[int, Alert] = field(default_factory=dict)  # by household id


def is_monitorable(household: Household) -> bool:
    """False for households registered poor (they are helped by assistance, not monitored)."""
    return household.status not in POOR_STATUSES


def _assignees(village_ids: set[int]) -> dict[int, Any]:
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, profile__region_id__in=village_ids, profile__role__in=ASSIGNEE_ROLES
        )
        .select_related("profile")
        .order_by("id")
    )
    # The first user (by id) of each role in each village, then the preferred role's.
    first: dict[tuple[int, Role], Any] = {}
    for user in users:
        first.setdefault((user.profile.region_id, Role(user.profile.role)), user)
    chosen: dict[int, Any] = {}
    for role in ASSIGNEE_ROLES:
        for (village, held), user in first.items():
            if held is role:
                chosen.setdefault(village, user)
    return chosen


def _exited(households: dict[int, Household]) -> set[int]:
    found = {pk for pk, h in households.items() if h.status == "exited"}
    for part in chunks(sorted(households)):
        events = StatusEvent.objects.filter(household_id__in=part, kind="exited")
        found.update(events.values_list("household_id", flat=True))
    return found


def group_for(exited: bool, causes: list[str]) -> str:
    """The monitored group: exited households are 'unstable', shocks 'sudden', others 'edge'."""
    if exited:
        return "unstable_exited"
    return "sudden_hardship" if SUDDEN_CAUSES.intersection(causes) else "edge"


def merged_causes(source_causes: dict[str, list[str]]) -> list[str]:
    """Every source's newest causes, in the order the sources came."""
    return list(dict.fromkeys(c for causes in source_causes.values() for c in causes))


def _merge(alert: Alert, signal: Signal) -> None:
    alert.sources = list(dict.fromkeys([*alert.sources, signal.source]))
    by_source = dict(alert.source_causes or {alert.source: list(alert.causes)})
    if signal.source == "kernel":
        by_source["kernel"] = list(signal.causes)
    else:
        by_source[signal.source] = list(
            dict.fromkeys([*by_source.get(signal.source, []), *signal.causes])
        )
    alert.source_causes = by_source
    alert.causes = merged_causes(by_source)
    if signal.risk is not None:
        alert.risk = signal.risk if alert.risk is None else max(alert.risk, signal.risk)
        alert.factors = list(signal.factors) or alert.factors


def _new_alert(
    signal: Signal, policy: Policy, now: dt.datetime, exited: bool, assignee: Any
) -> Alert:
    rules = policy.monitoring
    due = deadlines_for(local_date(now), rules.visit_days, rules.decision_working_days)
    stamp = policy.stamp()
    return Alert(
        household_id=signal.household.pk,
        source=signal.source,
        sources=[signal.source],
        causes=list(dict.fromkeys(signal.causes)),
        source_causes={signal.source: list(dict.fromkeys(signal.causes))},
        group=group_for(exited, signal.causes),
        risk=signal.risk,
        factors=list(signal.factors),
        assignee=assignee,
        raised_at=now,
        visit_due=due.visit_due,
        decision_due=due.decision_due,
        policy_id=stamp["policy_id"],
        policy_version=stamp["policy_version"],
        policy_hash=stamp["policy_hash"],
    )


def raise_signals(
    signals: list[Signal],
    *,
    now: dt.datetime,
    actor: User | None = None,
    screening: ScreeningImport | None = None,
    policy: Policy | None = None,
    bounded: bool = False,
) -> RaiseResult:
    """Opens or updates the alerts of ``signals`` in one transaction (``policy``: one policy for
    all, else each village's); with ``bounded``, new households beyond the scale are watched."""
    result = RaiseResult()
    if not signals:
        return result
    households = {s.household.pk: s.household for s in signals}
    with transaction.atomic():
        live = _lock_and_read_live(sorted(households))
        fresh = [s for s in signals if s.household.pk not in live]
        watched: list[Signal] = []
        if bounded and fresh:
            fresh, watched = split_by_capacity(fresh, policy)
        _open(fresh, live, result, now=now, policy=policy)
        _update(signals, live, result, set(households) - {s.household.pk for s in fresh})
        _evidence([s for s in signals if s.household.pk in live], live, now, actor, screening)
        result.watched = watch(watched, now=now, policy=policy)
        close_watch(list(result.alerts.values()), now=now)
    return result


# Ids per query: SQLite and PostgreSQL cap a statement's parameters, and a county's kernel run
# names tens of thousands of households.
CHUNK = 5_000


def chunks(ids: list[int]) -> list[list[int]]:
    """``ids`` in slices a single query can name."""
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _lock_and_read_live(ids: list[int]) -> dict[int, Alert]:
    """Locks the households (two sources cannot open two live alerts at once) and reads their
    live alerts, locked too."""
    live: dict[int, Alert] = {}
    for part in chunks(ids):
        list(Household.objects.select_for_update().filter(pk__in=part).values_list("pk"))
        alerts = Alert.objects.select_for_update().live().filter(household_id__in=part)
        live.update({a.household_id: a for a in alerts})
    return live


def _open(signals: list[Signal], live: dict[int, Alert], result: RaiseResult, **kw: Any) -> None:
    households = {s.household.pk: s.household for s in signals}
    if not households:
        return
    exited = _exited(households)
    assignees = _assignees({h.village_id for h in households.values()})
    policies = (
        {}
        if kw["policy"] is not None
        else policies_for_villages({h.village_id for h in households.values()})
    )
    created: dict[int, Alert] = {}
    for signal in signals:
        pk, village = signal.household.pk, signal.household.village_id
        if pk in created:
            _merge(created[pk], signal)
            continue
        policy = kw["policy"] or policies[village]
        created[pk] = _new_alert(signal, policy, kw["now"], pk in exited, assignees.get(village))
    Alert.objects.bulk_create(list(created.values()), batch_size=2_000)
    live.update(created)
    result.alerts.update(created)
    result.opened = len(created)


def _update(
    signals: list[Signal], live: dict[int, Alert], result: RaiseResult, ids: set[int]
) -> None:
    """Merges the signals into the alerts that were live before (``ids``)."""
    touched = [live[pk] for pk in ids if pk in live]
    for signal in signals:
        if signal.household.pk in ids and signal.household.pk in live:
            _merge(live[signal.household.pk], signal)
    for alert in touched:
        alert.version += 1
    fields = ["sources", "causes", "source_causes", "risk", "factors", "version"]
    update_rows(touched, fields)
    result.updated = len(touched)
    result.alerts.update({a.household_id: a for a in touched})


def _evidence(
    signals: list[Signal],
    live: dict[int, Alert],
    now: dt.datetime,
    actor: User | None,
    screening: ScreeningImport | None,
) -> None:
    by_actor = account_of(actor)
    Evidence.objects.bulk_create(
        (
            Evidence(
                alert=live[s.household.pk],
                source=s.source,
                causes=list(s.causes),
                summary=s.summary,
                data=s.data,
                recorded_by=by_actor,
                recorded_at=now,
                screening=screening,
            )
            for s in signals
        ),
        batch_size=2_000,
    )


def raise_alert(
    signal: Signal,
    *,
    now: dt.datetime,
    policy: Policy | None = None,
    actor: User | None = None,
    screening: ScreeningImport | None = None,
) -> tuple[Alert, bool]:
    """Adds one signal to the household's live alert or opens one; returns (alert, opened)."""
    result = raise_signals([signal], now=now, actor=actor, screening=screening, policy=policy)
    return result.alerts[signal.household.pk], result.opened == 1
