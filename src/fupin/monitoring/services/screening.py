"""Department screening: a list matched to members by ID number, thresholds applied, one report.

The whole import runs in one transaction. Rows that cannot be used are never dropped silently:
each lands in the import's report with its row, column and reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.monitoring.errors import NotAllowed
from fupin.monitoring.models import ScreeningImport
from fupin.monitoring.services.raising import Signal, is_monitorable, raise_signals
from fupin.monitoring.services.screening_file import ScreeningRow, parse_list
from fupin.registry.models import Member
from fupin.registry.permissions import User, account_of, scope_of
from fupin.registry.selectors.policies import policies_for_villages
from fupin.registry.services.department_lists import match_members, members_by_id, problem

if TYPE_CHECKING:
    from fupin.policy import Policy

DEPARTMENT_CAUSE = {"civil": "CIVIL_AID", "disaster": "DISASTER", "hr": "JOB_LOSS"}


def hospital_threshold(member: Member, policy: Policy) -> Decimal:
    """One stay's out-of-pocket threshold: lower for a person whose household is monitored."""
    rules = policy.monitoring
    monitored = member.household.status == "monitored"
    return Decimal(rules.hospital_oop_monitored if monitored else rules.hospital_oop_other)


def _policies(rows: list[tuple[ScreeningRow, Member]], policy: Policy | None) -> Any:
    """Each member's policy: ``policy`` for all, or the policy of the member's village."""
    if policy is not None:
        return lambda member: policy
    by_village = policies_for_villages({m.household.village_id for _row, m in rows})
    return lambda member: by_village[member.household.village_id]


def health_causes(
    rows: list[tuple[ScreeningRow, Member]], policy: Policy | None = None
) -> dict[int, list[str]]:
    """Causes per row number: a stay above its threshold; the row where a year's sum reaches the cap."""
    causes: dict[int, list[str]] = defaultdict(list)
    totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    policy_of = _policies(rows, policy)
    for row, member in sorted(rows, key=lambda pair: (pair[0].date, pair[0].row)):
        amount = row.amount or Decimal(0)
        annual = Decimal(policy_of(member).monitoring.annual_oop)
        if amount > hospital_threshold(member, policy_of(member)):
            causes[row.row].append("HOSPITAL_OOP")
        key = (row.id_number, row.date.year)
        before = totals[key]
        totals[key] = before + amount
        if before < annual <= totals[key]:
            causes[row.row].append("ANNUAL_OOP")
    return causes


def match_rows(
    rows: list[ScreeningRow], members: dict[str, Member]
) -> tuple[list[tuple[ScreeningRow, Member]], list[dict[str, Any]]]:
    """Rows matched to an active member in scope whose household may be monitored, and the
    problems of the others."""
    matched, problems = match_members(rows, members)
    kept = []
    for row, member in matched:
        if is_monitorable(member.household):
            kept.append((row, member))
        else:
            problems.append(
                problem(row.row, "id_number", "registered_poor", idnumber.mask(row.id_number))
            )
    return kept, sorted(problems, key=lambda p: p["row"])


def _signal(row: ScreeningRow, member: Member, department: str, causes: list[str]) -> Signal:
    amount = None if row.amount is None else str(row.amount)
    return Signal(
        household=member.household,
        source="department",
        causes=causes,
        summary=f"{department} · {row.date.isoformat()} · {amount or ''} {row.note}".strip(),
        data={
            "department": department,
            "row": row.row,
            "member": member.pk,
            "member_id": idnumber.mask(row.id_number),
            "date": row.date.isoformat(),
            "amount": amount,
            "note": row.note,
        },
    )


def _signals(matched, department: str, policy: Policy | None) -> tuple[list[Signal], list[dict]]:
    if department != "health":
        cause = DEPARTMENT_CAUSE[department]
        return [_signal(row, member, department, [cause]) for row, member in matched], []
    causes = health_causes(matched, policy)
    policy_of = _policies(matched, policy)
    signals, below = [], []
    for row, member in matched:
        if causes.get(row.row):
            signals.append(_signal(row, member, department, causes[row.row]))
        else:
            threshold = str(hospital_threshold(member, policy_of(member)))
            below.append(
                {
                    "row": row.row,
                    "member_id": idnumber.mask(row.id_number),
                    "amount": str(row.amount),
                    "threshold": threshold,
                }
            )
    return signals, below


def import_screening(
    department: str,
    file_name: str,
    content: bytes,
    *,
    actor: User | None,
    now: dt.datetime,
    policy: Policy | None = None,
) -> ScreeningImport:
    """Reads, checks, matches and applies a department list, all or nothing; returns its report.

    Raises ScreeningFileError when the file as a whole cannot be read (nothing is saved).
    """
    prefix = scope_of(actor).prefix
    if prefix is None:
        raise NotAllowed([("file", _("you have no area to import into"))])
    parsed = parse_list(file_name, content, department, timezone.localdate(now))
    matched, problems = match_rows(parsed.rows, members_by_id(parsed.rows, prefix))
    signals, below = _signals(matched, department, policy)
    with transaction.atomic():
        record = ScreeningImport.objects.create(
            department=department,
            file_name=file_name[:255],
            imported_by=account_of(actor),
            imported_at=now,
            scope=prefix,
            rows_total=parsed.total,
            rows_matched=len(matched),
            rows_below_threshold=len(below),
            problems=sorted(
                [*(p.as_dict() for p in parsed.problems), *problems], key=lambda p: p["row"]
            ),
            below_threshold=below,
        )
        result = raise_signals(signals, now=now, policy=policy, actor=actor, screening=record)
        record.alerts_raised, record.alerts_updated = result.opened, result.updated
        record.save(update_fields=["alerts_raised", "alerts_updated"])
    return record
