"""The rules kernel's decision shown on the household card (template block ``rules_decision``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fupin.policy import PolicyError, load_policy
from fupin.rules import Decision, decide_one
from fupin.rules.columns import MONEY_COLUMNS, PREVIOUS_INCOME_COLUMN

if TYPE_CHECKING:
    from fupin.registry.models import IncomeRecord
    from fupin.web.household_card import Card

log = logging.getLogger(__name__)

# The national policy until region-specific policy selection exists (see the lead's notes).
DEFAULT_POLICY = "cn"

DECISION_LABELS = {
    "identify": _("identify as poor"),
    "monitor": _("monitor"),
    "none": _("no action"),
    "remain": _("remains poor"),
    "exit": _("may exit poverty"),
    "return": _("returned to poverty"),
    "stable": _("stable"),
}
CODE_LABELS = {
    "FOOD": _("food"),
    "CLOTHING": _("clothing"),
    "EDUCATION": _("compulsory education"),
    "MEDICAL": _("basic medical insurance"),
    "HOUSING": _("safe housing"),
    "WATER": _("safe drinking water"),
    "NEAR_LINE": _("near the line"),
    "TRANSFER_DEPENDENT": _("depends on transfers"),
    "RIGID_SPENDING": _("rigid spending"),
    "INCOME_DROP": _("income drop"),
    "NO_LABOUR": _("no labour"),
}
POOR_STATUSES = {"identified", "returned"}
AFTER_EXIT_STATUSES = {"exited", "monitored", "risk_eliminated"}


@dataclass(frozen=True)
class CardDecision:
    """What the card shows of a kernel decision, or why there is none (``problem``)."""

    decision: str = ""
    label: str = ""
    reasons: str = ""
    gaps: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    policy: str = ""
    year: int | None = None
    poverty_line: Decimal | None = None
    problem: str = ""


@lru_cache(maxsize=4)
def _policy(name: str) -> Any:
    return load_policy(name)


def card_decision(card: Card) -> CardDecision | None:
    """The kernel's decision for the card's household and latest income year (None: no income)."""
    if card.income_record is None or not card.members:
        return None
    household = roster_household(card, card.income_record)
    members = [roster_member(m) for m in card.members]
    try:
        decided = decide_one(household, members, _policy(DEFAULT_POLICY))
    except PolicyError as exc:
        log.info("no decision for household %s: %s", card.household.number, exc)
        return CardDecision(problem=str(_("The policy does not cover this income year.")))
    return _shown(decided)


def _shown(decided: Decision) -> CardDecision:
    return CardDecision(
        decision=decided.decision,
        label=str(DECISION_LABELS.get(decided.decision, decided.decision)),
        reasons=decided.reasons(get_language()),
        gaps=tuple(str(CODE_LABELS.get(c, c)) for c in decided.guarantee_gaps),
        flags=tuple(str(CODE_LABELS.get(c, c)) for c in decided.flags),
        policy=f"{decided.policy_id} {decided.policy_version} · {decided.policy_hash[:12]}",
        year=decided.year,
        poverty_line=decided.poverty_line,
    )


def registered_status(card: Card) -> str:
    """The roster's registered_status (none / poor / exited) from the household's status history."""
    status = card.household.status
    if status in POOR_STATUSES:
        return "poor"
    ever_exited = any(e.kind == "exited" for e in card.events)
    if status in AFTER_EXIT_STATUSES and ever_exited:
        return "exited"
    return "none"


def roster_household(card: Card, record: IncomeRecord) -> dict[str, Any]:
    """The household row in the kernel's roster columns, for one income record."""
    household = card.household
    row: dict[str, Any] = {
        "household_id": household.number,
        "year": record.year,
        "registered_status": registered_status(card),
        "food_secure": _yes(household.food_secure),
        "clothing_secure": _yes(household.clothing_secure),
        "safe_water": _yes(household.safe_water),
        "housing_grade": household.housing_grade,
    }
    row.update({name: getattr(record, name) for name in MONEY_COLUMNS})
    row[PREVIOUS_INCOME_COLUMN] = record.previous_per_capita_net_income
    return row


def roster_member(member: Any) -> dict[str, Any]:
    """One member in the kernel's roster columns."""
    return {
        "id_number": member.id_number,
        "name": member.name,
        "relation": member.relation,
        "sex": member.sex,
        "birth_date": member.birth_date,
        "in_school": _yes(member.in_school),
        "health": member.health,
        "labour_ability": member.labour_ability,
        "medical_insurance": _yes(member.medical_insurance),
    }


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
