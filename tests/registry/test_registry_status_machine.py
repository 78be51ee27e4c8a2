"""The transition table, checked over every (status, event) pair, and status derivation."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.registry.choices import EventKind, Status
from fupin.registry.errors import IllegalTransition
from fupin.registry.models.status import EVENT_KINDS, STATUSES, derive_status, next_status

# The legal moves, written out by hand from the policy's life cycle of a household.
LEGAL = {
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
    ("registered", "corrected"): "registered",
    ("identified", "corrected"): "identified",
    ("exited", "corrected"): "exited",
    ("returned", "corrected"): "returned",
    ("monitored", "corrected"): "monitored",
    ("risk_eliminated", "corrected"): "risk_eliminated",
}


def test_the_machine_covers_exactly_the_model_choices():
    assert set(STATUSES) == set(Status.values)
    assert set(EVENT_KINDS) == set(EventKind.values)


@pytest.mark.parametrize(("status", "kind"), list(itertools.product(STATUSES, EVENT_KINDS)))
def test_every_pair_is_either_the_listed_move_or_refused(status, kind):
    if (status, kind) in LEGAL:
        assert next_status(status, kind) == LEGAL[(status, kind)]
    else:
        with pytest.raises(IllegalTransition) as info:
            next_status(status, kind)
        assert info.value.status == status and info.value.kind == kind


def test_a_full_life_cycle_derives_its_final_status():
    history = [
        "registered",
        "identified",
        "exited",
        "monitored",
        "returned",
        "exited",
        "monitored",
        "risk_eliminated",
    ]
    assert derive_status(history) == "risk_eliminated"
    assert derive_status([]) == "none"


def test_an_impossible_history_is_refused():
    with pytest.raises(IllegalTransition):
        derive_status(["registered", "exited"])


@given(st.lists(st.sampled_from(EVENT_KINDS), max_size=12))
def test_derivation_is_a_fold_of_next_status(kinds):
    status = "none"
    legal = True
    for kind in kinds:
        if (status, kind) not in LEGAL:
            legal = False
            break
        status = LEGAL[(status, kind)]
    if legal:
        assert derive_status(kinds) == status
    else:
        with pytest.raises(IllegalTransition):
            derive_status(kinds)
