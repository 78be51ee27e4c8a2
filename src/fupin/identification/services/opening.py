"""Opening a case: for one household (its application, or a cadre), recording the rules' decision,
its reasons and the policy's stamp as evidence, and the exclusion rules the household hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.identification.choices import STATUSES_FOR, CaseKind, Origin
from fupin.identification.models import Case
from fupin.identification.permissions import OPEN_CASE
from fupin.identification.procedure import APPLIED
from fupin.identification.selectors import registry_exclusions
from fupin.identification.services.evidence import current_decision
from fupin.policy import Policy
from fupin.procedure.errors import NotAllowed, ProcedureError
from fupin.registry.models import Household
from fupin.registry.permissions import User, account_of, can
from fupin.registry.selectors.policies import policy_for_household
from fupin.rules.identification import EXCLUSION_FACTS, exclusion_hits

# The card's fields the exclusion rules read (their one definition is the rules').
HOUSEHOLD_FACTS = tuple(f for level, f in EXCLUSION_FACTS.values() if level == "household")
MEMBER_FACTS = tuple(f for level, f in EXCLUSION_FACTS.values() if level == "member")
# A correction case never moves a household: that is a change of area, not of data.
NOT_CORRECTED = frozenset({"village", "number"})


def household_exclusions(household: Household, policy: Policy) -> list[str]:
    """The policy's exclusion rules the household's recorded facts, or a department registry's
    records of it, hit."""
    facts = {name: getattr(household, name) for name in HOUSEHOLD_FACTS}
    members = list(household.members.filter(active=True).values(*MEMBER_FACTS))
    department = registry_exclusions([household.pk]).get(household.pk, set())
    return exclusion_hits(policy.identification.exclusions, facts, members, department)


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
        _check_opening(household, kind, origin, statement, changes)
        policy = policy_for_household(household)
        row = current_decision(household)
        try:
            with transaction.atomic():
                return Case.objects.create(
                    household=household, kind=kind, origin=origin, stage=APPLIED.code,
                    opened_at=now, opened_by=account_of(actor), statement=statement.strip(),
                    year=row.get("year"), decision=row.get("decision", ""),
                    evidence={"decision": row, "changes": changes or {},
                              "household_version": household.version},
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
    household: Household, kind: str, origin: str, statement: str, changes: dict[str, Any] | None
) -> None:
    if kind not in CaseKind.values:
        raise ProcedureError([("kind", _("unknown kind of case"))])
    if origin not in Origin.values:
        raise ProcedureError([("origin", _("unknown origin of a case"))])
    if household.status not in STATUSES_FOR[kind]:
        raise ProcedureError(
            [("kind", _("a household with this status cannot have a case of this kind"))]
        )
    if not statement.strip():
        raise ProcedureError([("statement", _("is required"))])
    if kind == CaseKind.CORRECTION:
        _check_changes(changes)


def _check_changes(changes: dict[str, Any] | None) -> None:
    """A correction names card fields the correction service may change, never the area."""
    from fupin.registry.services.corrections import HOUSEHOLD_FIELDS

    if not changes:
        raise ProcedureError([("changes", _("a correction names the fields it changes"))])
    unknown = sorted(set(changes) - (HOUSEHOLD_FIELDS - NOT_CORRECTED))
    if unknown:
        raise ProcedureError([(f"changes.{n}", _("cannot be changed here")) for n in unknown])
