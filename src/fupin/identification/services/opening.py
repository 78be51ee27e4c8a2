"""Opening a case: for one household (its application, or a cadre), recording the rules' decision,
its reasons and the policy's stamp as evidence, and the exclusion rules the household hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.identification.choices import STATUSES_FOR, CaseKind
from fupin.identification.models import Case
from fupin.identification.permissions import OPEN_CASE
from fupin.identification.procedure import APPLIED
from fupin.identification.services.evidence import decision_evidence
from fupin.policy import Policy
from fupin.procedure.errors import NotAllowed, ProcedureError
from fupin.registry.models import Household
from fupin.registry.permissions import User, account_of, can
from fupin.registry.selectors.policies import policy_for_household
from fupin.rules.identification import exclusion_hits

HOUSEHOLD_FACTS = ("owns_vehicle", "owns_commercial_housing", "runs_business_with_employees",
                   "away_with_high_income")  # fmt: skip
MEMBER_FACTS = ("on_state_payroll", "is_village_cadre")


def household_exclusions(household: Household, policy: Policy) -> list[str]:
    """The policy's exclusion rules the household's recorded facts hit."""
    facts = {name: getattr(household, name, False) for name in HOUSEHOLD_FACTS}
    members = [
        {name: getattr(m, name, False) for name in MEMBER_FACTS}
        for m in household.members.filter(active=True)
    ]
    return exclusion_hits(policy.identification.exclusions, facts, members)


def _decision(household: Household) -> dict[str, Any]:
    """The kernel's decision on the household's latest income record, as evidence ({} when there
    is no record to decide)."""
    from fupin.policy import PolicyError
    from fupin.registry.selectors.card import decide_household

    members = list(household.members.filter(active=True).order_by("id"))
    latest = household.incomes.order_by("-year").first()
    if latest is None or not members:
        return {}
    try:
        decided = decide_household(household, latest, members, list(household.events.all()))
    except PolicyError:
        return {}
    assert decided.result is not None
    return decision_evidence(decided.result)[0]


def open_case(
    household_id: int,
    kind: str,
    *,
    actor: User | None,
    now: dt.datetime,
    statement: str,
    origin: str = "cadre",
    changes: dict[str, Any] | None = None,
) -> Case:
    """Opens a case for one household; raises NotAllowed or ProcedureError (wrong status, an
    open case of that kind already, a correction without its changes)."""
    with transaction.atomic():
        household = Household.objects.select_related("village").get(pk=household_id)
        if not can(actor, OPEN_CASE, household):
            raise NotAllowed([("household", _("your role may not open a case here"))])
        _check_opening(household, kind, statement, changes)
        policy = policy_for_household(household)
        row = _decision(household)
        try:
            with transaction.atomic():
                return Case.objects.create(
                    household=household, kind=kind, origin=origin, stage=APPLIED.code,
                    opened_at=now, opened_by=account_of(actor), statement=statement.strip(),
                    year=row.get("year"), decision=row.get("decision", ""),
                    evidence={"decision": row, "changes": changes or {}},
                    exclusions=household_exclusions(household, policy),
                    **_stamp(policy),
                )  # fmt: skip
        except IntegrityError:
            raise ProcedureError(
                [("kind", _("this household already has an open case of this kind"))]
            ) from None


def _stamp(policy: Policy) -> dict[str, str]:
    stamp = policy.stamp()
    return {"policy_id": stamp["policy_id"], "policy_hash": stamp["policy_hash"]}


def _check_opening(
    household: Household, kind: str, statement: str, changes: dict[str, Any] | None
) -> None:
    if kind not in CaseKind.values:
        raise ProcedureError([("kind", _("unknown kind of case"))])
    if household.status not in STATUSES_FOR[kind]:
        raise ProcedureError(
            [("kind", _("a household with this status cannot have a case of this kind"))]
        )
    if not statement.strip():
        raise ProcedureError([("statement", _("is required"))])
    if kind == CaseKind.CORRECTION and not changes:
        raise ProcedureError([("changes", _("a correction names the fields it changes"))])
