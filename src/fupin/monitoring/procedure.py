"""The signed monitoring procedure as one transition table (no database).

reported → visited (two visitors) → assets checked → appraised and noticed → township reviewed →
county decision: monitored or rejected; a monitored household ends with risk eliminated or returned.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# (stage, action) → the stage after it. A pair missing here is not allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("reported", "visit"): "visited",
    ("visited", "check_assets"): "assets_checked",
    ("assets_checked", "appraise"): "noticed",
    ("noticed", "township_review"): "township_reviewed",
    ("township_reviewed", "county_approve"): "monitored",
    ("township_reviewed", "county_reject"): "rejected",
    ("monitored", "eliminate_risk"): "risk_eliminated",
    ("monitored", "return"): "returned",
}

STAGES = (
    "reported",
    "visited",
    "assets_checked",
    "noticed",
    "township_reviewed",
    "monitored",
    "rejected",
    "risk_eliminated",
    "returned",
)
ACTIONS = tuple(dict.fromkeys(action for _stage, action in TRANSITIONS))
# Stages before the county's decision: the procedure's deadlines run.
PENDING_STAGES = ("reported", "visited", "assets_checked", "noticed", "township_reviewed")
# Stages where no action is left: the alert is closed (kept and flagged, never deleted).
CLOSED_STAGES = ("rejected", "risk_eliminated", "returned")
# The procedure's path shown on the alert page, in order.
PATH = ("reported", "visited", "assets_checked", "noticed", "township_reviewed", "monitored")


class IllegalStep(ValueError):
    """An action that the alert's stage does not allow."""

    def __init__(self, stage: str, action: str) -> None:
        self.stage = stage
        self.action = action
        super().__init__(
            _("an alert at stage %(stage)s cannot take the action %(action)s")
            % {"stage": stage, "action": action}
        )


def next_stage(stage: str, action: str) -> str:
    """The stage after ``action`` at ``stage``; raises IllegalStep."""
    try:
        return TRANSITIONS[(stage, action)]
    except KeyError:
        raise IllegalStep(stage, action) from None


def allowed_actions(stage: str) -> tuple[str, ...]:
    """The actions the table allows at ``stage``, in table order."""
    return tuple(action for (from_stage, action) in TRANSITIONS if from_stage == stage)


def is_live(stage: str) -> bool:
    """True while the alert is pending or the household is monitored."""
    return stage not in CLOSED_STAGES
