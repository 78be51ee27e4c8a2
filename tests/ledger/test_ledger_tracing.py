"""Tracing: every fen of every entry has one origin, paths follow the money, nothing is created
or lost, and first in is first out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.ledger.tracing import Lot, Movement, TraceError, trace

ORIGINS = {"EXT", "SRC:a", "SRC:b"}


def test_a_subsidy_is_traced_through_each_allocation_to_its_source():
    flows = [
        Movement(1, "EXT", "SRC:a", 1000), Movement(2, "EXT", "SRC:b", 500),
        Movement(3, "SRC:a", "REG:county", 800), Movement(4, "SRC:b", "REG:county", 500),
        Movement(5, "REG:county", "REG:village", 1000), Movement(6, "REG:village", "HH:1", 900),
    ]  # fmt: skip
    traced = trace(flows, ORIGINS)
    assert traced.lots[6] == [
        Lot("SRC:a", 800, (3, 5, 6)),
        Lot("SRC:b", 100, (4, 5, 6)),
    ]
    # First in, first out: the county passed on SRC:a's 800 first, then 200 of SRC:b's 500.
    assert traced.spent_from("SRC:b") == {"REG:county": 300, "REG:village": 100, "HH:1": 100}
    assert sum(lot.amount_fen for lot in traced.held["HH:1"]) == 900
    assert {lot.origin for lot in traced.held["REG:village"]} == {"SRC:b"}


def test_money_returned_to_its_source_is_the_sources_again():
    flows = [Movement(1, "SRC:a", "REG:v", 100), Movement(2, "REG:v", "SRC:a", 40)]
    traced = trace(flows, ORIGINS)
    assert traced.lots[2] == [Lot("SRC:a", 40, (1, 2))]
    assert traced.spent_from("SRC:a") == {"REG:v": 60}


def test_giving_more_than_held_is_named_by_its_entry():
    with pytest.raises(TraceError, match="entry 2: REG:v gives more than it holds"):
        trace([Movement(1, "SRC:a", "REG:v", 100), Movement(2, "REG:v", "HH:1", 101)], ORIGINS)


ACCOUNTS = ["REG:1", "REG:2", "HH:1", "HH:2"]


@st.composite
def ledgers(draw):  # type: ignore[no-untyped-def]
    """Random valid flows: each account gives at most what it holds."""
    held = dict.fromkeys(ACCOUNTS, 0)
    flows = []
    for seq in range(1, draw(st.integers(1, 40)) + 1):
        givers = [a for a in ACCOUNTS if held[a] > 0]
        if givers and draw(st.booleans()):
            giver = draw(st.sampled_from(givers))
            taker = draw(st.sampled_from([a for a in [*ACCOUNTS, "SRC:a"] if a != giver]))
            fen = draw(st.integers(1, held[giver]))
        else:
            giver, taker, fen = (
                draw(st.sampled_from(["SRC:a", "SRC:b"])),
                draw(st.sampled_from(ACCOUNTS)),
                draw(st.integers(1, 1000)),
            )
        held[giver] = held.get(giver, 0) - fen
        held[taker] = held.get(taker, 0) + fen
        flows.append(Movement(seq, giver, taker, fen))
    return flows, held


@settings(max_examples=200, deadline=None)
@given(ledgers())
def test_tracing_conserves_every_fen(ledger):
    flows, held = ledger
    traced = trace(flows, ORIGINS)
    for m in flows:
        assert sum(lot.amount_fen for lot in traced.lots[m.seq]) == m.amount_fen
        assert all(lot.origin in ORIGINS and lot.path[-1] == m.seq for lot in traced.lots[m.seq])
        assert all(list(lot.path) == sorted(lot.path) for lot in traced.lots[m.seq])
    for account in ACCOUNTS:
        assert sum(lot.amount_fen for lot in traced.held.get(account, [])) == held[account]
    given_by_sources = {
        o: sum(m.amount_fen for m in flows if m.credit == o) for o in ("SRC:a", "SRC:b")
    }
    returned = sum(m.amount_fen for m in flows if m.debit in ORIGINS)
    for origin in ("SRC:a", "SRC:b"):
        assert sum(traced.spent_from(origin).values()) <= given_by_sources[origin]
    held_anywhere = sum(sum(traced.spent_from(o).values()) for o in ("SRC:a", "SRC:b"))
    assert held_anywhere == sum(given_by_sources.values()) - returned
