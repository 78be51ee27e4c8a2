"""Opening cases in bulk from the rules' decisions for a village, a township or a county."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from fupin.identification.choices import OPENED_BY_DECISION, STATUSES_FOR
from fupin.identification.models import Case
from fupin.identification.procedure import APPLIED
from fupin.identification.selectors import registry_exclusions
from fupin.identification.services.evidence import decision_evidence
from fupin.identification.services.opening import HOUSEHOLD_FACTS, MEMBER_FACTS
from fupin.policy import Policy
from fupin.registry.models import Household, Member, Region
from fupin.registry.permissions import User, account_of
from fupin.registry.selectors.kernel_input import kernel_tables
from fupin.registry.selectors.policies import policies_for_villages
from fupin.rules import decide
from fupin.rules.identification import exclusion_hits

Progress = Callable[[int, int], None]
STATUSES = sorted({s for kind in OPENED_BY_DECISION.values() for s in STATUSES_FOR[kind]})
CHUNK = 5_000


@dataclass
class BulkSummary:
    """What a bulk opening found and did."""

    considered: int = 0
    opened: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    already_open: int = 0


def open_from_decisions(
    region: Region, *, actor: User | None, now: dt.datetime, progress: Progress | None = None
) -> BulkSummary:
    """A case of the right kind for each household of the area whose decision is identify,
    exit or return and that has no such case open; the caller holds the transaction."""
    households = list(
        Household.objects.filter(village__code__startswith=region.prefix, status__in=STATUSES)
    )
    summary = BulkSummary(considered=len(households))
    open_now = set(
        Case.objects.open()
        .filter(household__village__code__startswith=region.prefix)
        .values_list("household_id", "kind")
    )
    by_village = defaultdict(list)
    for household in households:
        by_village[household.village_id].append(household)
    policies = policies_for_villages(by_village)
    groups: dict[str, tuple[Policy, list[Household]]] = {}
    for village, members_of_village in by_village.items():
        chosen = policies[village]
        groups.setdefault(chosen.id, (chosen, []))[1].extend(members_of_village)
    done = 0
    for policy, group in groups.values():
        for start in range(0, len(group), CHUNK):
            chunk = group[start : start + CHUNK]
            cases = _cases_for(chunk, policy, open_now, actor, now, summary)
            # A case opened by hand meanwhile wins; the bulk run skips that household.
            Case.objects.bulk_create(cases, batch_size=2_000, ignore_conflicts=True)
            done += len(chunk)
            if progress is not None:
                progress(done, len(households))
    return summary


def _facts(households: list[Household]) -> tuple[dict[int, dict], dict[int, list[dict]]]:
    """The exclusion facts of households and their active members, two queries."""
    ids = [h.pk for h in households]
    facts = {h.pk: {name: getattr(h, name) for name in HOUSEHOLD_FACTS} for h in households}
    people: dict[int, list[dict]] = defaultdict(list)
    rows = Member.objects.filter(household_id__in=ids, active=True).values_list(
        "household_id", *MEMBER_FACTS
    )
    for household_id, *values in rows:
        people[household_id].append(dict(zip(MEMBER_FACTS, values, strict=True)))
    return facts, people


def _cases_for(
    households: list[Household],
    policy: Policy,
    open_now: set[tuple[int, str]],
    actor: User | None,
    now: dt.datetime,
    summary: BulkSummary,
) -> list[Case]:
    tables = kernel_tables(households, policy.poverty_line_by_year)
    if tables is None:
        return []
    results = decide(tables[0], tables[1], policy)
    by_number = {h.number: h for h in households}
    stamp = policy.stamp()
    wanted = [i for i, d in enumerate(results["decision"].to_pylist()) if d in OPENED_BY_DECISION]
    if not wanted:
        return []
    chosen = results.take(pa.array(wanted))
    numbers = chosen["household_id"].to_pylist()
    facts, people = _facts([by_number[n] for n in numbers])
    department = registry_exclusions([by_number[n].pk for n in numbers])
    cases = []
    for number, row in zip(numbers, decision_evidence(chosen), strict=True):
        household = by_number[number]
        kind = OPENED_BY_DECISION[row["decision"]]
        if household.status not in STATUSES_FOR[kind] or (household.pk, kind) in open_now:
            summary.already_open += (household.pk, kind) in open_now
            continue
        hits = exclusion_hits(policy.identification.exclusions, facts[household.pk],
                              people[household.pk], department.get(household.pk, set()))  # fmt: skip
        cases.append(Case(
            household=household, kind=kind, origin="kernel", stage=APPLIED.code,
            opened_at=now, opened_by=account_of(actor), year=row["year"],
            decision=row["decision"], evidence={"decision": row, "changes": {}},
            policy_id=stamp["policy_id"], policy_hash=stamp["policy_hash"], exclusions=hits,
            statement="",
        ))  # fmt: skip
        summary.opened[kind] += 1
    return cases
