"""The rules kernel's decision as the household card shows it (template block ``rules_decision``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fupin.registry.choices import KERNEL_CODE_LABELS
from fupin.rules import Decision

DECISION_LABELS = {
    "identify": _("identify as poor"),
    "monitor": _("monitor"),
    "none": _("no action"),
    "remain": _("remains poor"),
    "exit": _("may exit poverty"),
    "return": _("returned to poverty"),
    "stable": _("stable"),
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


def shown(decided: Decision) -> CardDecision:
    """What the card shows of a kernel decision."""
    return CardDecision(
        decision=decided.decision,
        label=str(DECISION_LABELS.get(decided.decision, decided.decision)),
        reasons=decided.reasons(get_language()),
        gaps=tuple(str(KERNEL_CODE_LABELS.get(c, c)) for c in decided.guarantee_gaps),
        flags=tuple(str(KERNEL_CODE_LABELS.get(c, c)) for c in decided.flags),
        policy=f"{decided.policy_id} {decided.policy_version} · {decided.policy_hash[:12]}",
        year=decided.year,
        poverty_line=decided.poverty_line,
    )
