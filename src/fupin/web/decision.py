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
from fupin.registry.roster import household_row, member_row
from fupin.rules import Decision, decide_one

if TYPE_CHECKING:
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
    ever_exited = any(e.kind == "exited" for e in card.events)
    household = household_row(card.household, card.income_record, ever_exited)
    members = [member_row(m) for m in card.members]
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
