"""The household status machine: one transition table, and the status derived from events."""

from __future__ import annotations

from collections.abc import Iterable

from fupin.registry.errors import IllegalTransition

INITIAL_STATUS = "none"
STATUSES = (
    "none",
    "registered",
    "identified",
    "exited",
    "returned",
    "monitored",
    "risk_eliminated",
)
EVENT_KINDS = (
    "registered",
    "identified",
    "exited",
    "returned",
    "monitored",
    "risk_eliminated",
    "corrected",
)

# (current status, event kind) → status after the event. A pair missing here is illegal.
# Monitoring (after 2020) covers households at risk of falling into poverty ("registered") and
# unstable exited households; a monitored household either has its risk eliminated or returns to
# poverty, and a household whose risk was eliminated can come under monitoring again.
# "corrected" records a correction of the card's data and keeps the status.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("none", "registered"): "registered",
    ("registered", "identified"): "identified",
    ("registered", "monitored"): "monitored",
    ("identified", "exited"): "exited",
    ("exited", "monitored"): "monitored",
    ("exited", "returned"): "returned",
    ("returned", "exited"): "exited",
    ("monitored", "risk_eliminated"): "risk_eliminated",
    ("monitored", "returned"): "returned",
    ("risk_eliminated", "monitored"): "monitored",
    **{(status, "corrected"): status for status in STATUSES if status != INITIAL_STATUS},
}


def next_status(status: str, kind: str) -> str:
    """The status after ``kind`` happens to a household in ``status``; raises IllegalTransition."""
    try:
        return TRANSITIONS[(status, kind)]
    except KeyError:
        raise IllegalTransition(status, kind) from None


def derive_status(kinds: Iterable[str]) -> str:
    """Replays event kinds (oldest first) from 'none'; raises IllegalTransition on a bad history."""
    status = INITIAL_STATUS
    for kind in kinds:
        status = next_status(status, kind)
    return status
