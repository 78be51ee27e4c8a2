"""Registry status → the roster's registered_status, as the rules kernel reads it."""

from __future__ import annotations

import pytest

from fupin.registry.selectors.roster import registered_status

# Worked out from the policy's meaning: on the poor list → poor; left it (an exit in the history)
# and not back on it → exited; anything else → none.
CASES = [
    ("none", False, "none"),
    ("registered", False, "none"),
    ("identified", False, "poor"),
    ("returned", True, "poor"),
    ("exited", True, "exited"),
    ("monitored", True, "exited"),
    ("risk_eliminated", True, "exited"),
    ("monitored", False, "none"),  # an edge household, never registered poor
    ("risk_eliminated", False, "none"),
]


@pytest.mark.parametrize(("status", "exited_before", "expected"), CASES)
def test_registered_status(status: str, exited_before: bool, expected: str) -> None:
    assert registered_status(status, exited_before) == expected
