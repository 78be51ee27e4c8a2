"""Turning a panel's yearly statuses into events: legal sequences only, dates inside their year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.registry.models.status import TRANSITIONS
from fupin.registry.services.loader.history import build_history

TZ = ZoneInfo("Asia/Shanghai")
# Changes of the roster status a county can record, and the ones it cannot.
ALLOWED = {("none", "poor"), ("poor", "exited"), ("exited", "poor")}
statuses = st.sampled_from(["none", "poor", "exited"])


def _table(paths: list[list[str]], first_year: int = 2014) -> pa.Table:
    rows = {"household_id": [], "year": [], "registered_status": []}
    for offset in range(len(paths[0])):
        for index, path in enumerate(paths):
            rows["household_id"].append(f"H{index}")
            rows["year"].append(first_year + offset)
            rows["registered_status"].append(path[offset])
    return pa.table(rows)


def _legal(path: list[str]) -> bool:
    steps = zip(path, path[1:], strict=False)
    return all(a == b or (a, b) in ALLOWED for a, b in steps)


def _expected_final(path: list[str]) -> str:
    # Written from the policy's words, not from the code: a poor household that had exited
    # before is "returned"; one never exited is "identified".
    last = path[-1]
    if last == "none":
        return "registered"
    if last == "exited":
        return "exited"
    return "returned" if "exited" in path else "identified"


@settings(max_examples=200, deadline=None)
@given(st.lists(statuses, min_size=1, max_size=7), st.integers(0, 10_000))
def test_legal_paths_give_legal_events_and_illegal_ones_are_named(path, seed):
    years = tuple(range(2014, 2014 + len(path)))
    history = build_history(_table([path]), years, seed, TZ)
    if not _legal(path):
        assert history.problems and "registered_status" in history.problems[0][0]
        return
    assert not history.problems
    assert history.final_status == [_expected_final(path)]
    status = "none"
    for kind, after in zip(history.kind, history.status_after, strict=True):
        status = TRANSITIONS[(status, kind)]
        assert status == after
    # One event per change after the first year, each dated inside its year, in order.
    changes = sum(1 for a, b in zip(path, path[1:], strict=False) if a != b)
    first_year = {"none": 1, "poor": 2, "exited": 3}[path[0]]
    assert len(history.kind) == first_year + changes
    assert [w.year for w in history.occurred_at] == history.year
    assert history.occurred_at == sorted(history.occurred_at)


def test_the_same_seed_gives_the_same_dates():
    table = _table([["poor", "exited", "poor"], ["none", "poor", "poor"]])
    one = build_history(table, (2014, 2015, 2016), 3, TZ)
    two = build_history(table, (2014, 2015, 2016), 3, TZ)
    assert one.occurred_at == two.occurred_at
    assert all(isinstance(w, dt.datetime) and w.tzinfo is TZ for w in one.occurred_at)


def test_a_year_missing_a_household_is_named():
    table = _table([["none", "none"], ["poor", "poor"]]).slice(0, 3)
    history = build_history(table, (2014, 2015), 0, TZ)
    assert history.problems and "2015" in history.problems[0][0]
