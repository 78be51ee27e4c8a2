"""Invariants: per-household results do not depend on row order or on how a roster is batched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.rules import columns as col
from fupin.rules import decide
from fupin.rules.batches import decide_batches, split_batches
from fupin.rules.money import FEN_TYPE

fen = st.integers(min_value=0, max_value=3_000_000)
member = st.fixed_dictionaries(
    {
        "birth_year": st.integers(1930, 2020),
        "in_school": st.sampled_from(col.YES_NO),
        "labour_ability": st.sampled_from(col.LABOUR_ABILITIES),
        "medical_insurance": st.sampled_from(col.YES_NO),
    }
)
household = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2014, 2017, 2020, 2023]),
        "registered_status": st.sampled_from(col.REGISTERED_STATUSES),
        "food_secure": st.sampled_from(col.YES_NO),
        "safe_water": st.sampled_from(col.YES_NO),
        "housing_grade": st.sampled_from(col.HOUSING_GRADES),
        "money": st.lists(fen, min_size=len(col.MONEY_COLUMNS), max_size=len(col.MONEY_COLUMNS)),
        "previous": st.one_of(st.none(), fen),
        "members": st.lists(member, min_size=1, max_size=5),
    }
)


def tables(households: list[dict]) -> tuple[pa.Table, pa.Table]:
    h = {
        "household_id": [f"H{i}" for i in range(len(households))],
        "village_code": ["530102001001"] * len(households),
        "year": [x["year"] for x in households],
        "registered_status": [x["registered_status"] for x in households],
        "food_secure": [x["food_secure"] for x in households],
        "clothing_secure": ["yes"] * len(households),
        "safe_water": [x["safe_water"] for x in households],
        "housing_grade": [x["housing_grade"] for x in households],
    }
    data = {k: pa.array(v) for k, v in h.items()}
    for i, name in enumerate(col.MONEY_COLUMNS):
        data[name] = pa.array([Decimal(x["money"][i]) / 100 for x in households], FEN_TYPE)
    previous = [None if x["previous"] is None else Decimal(x["previous"]) / 100 for x in households]
    data[col.PREVIOUS_INCOME_COLUMN] = pa.array(previous, FEN_TYPE)
    rows = [(f"H{i}", m, j) for i, x in enumerate(households) for j, m in enumerate(x["members"])]
    members = {
        "household_id": [hid for hid, _, _ in rows],
        "id_number": [f"{k:018d}" for k in range(len(rows))],
        "relation": ["head" if j == 0 else "child" for _, _, j in rows],
        "birth_date": [dt.date(m["birth_year"], 7, 1).isoformat() for _, m, _ in rows],
        "in_school": [m["in_school"] for _, m, _ in rows],
        "labour_ability": [m["labour_ability"] for _, m, _ in rows],
        "medical_insurance": [m["medical_insurance"] for _, m, _ in rows],
    }
    return pa.table(data), pa.table({k: pa.array(v, pa.string()) for k, v in members.items()})


def by_household(result: pa.Table) -> dict[str, dict]:
    return {row["household_id"]: row for row in result.to_pylist()}


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(household, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_row_order_does_not_change_results(cn_policy, households, random):
    h, m = tables(households)
    expected = by_household(decide(h, m, cn_policy))
    h_order = list(range(h.num_rows))
    m_order = list(range(m.num_rows))
    random.shuffle(h_order)
    random.shuffle(m_order)
    shuffled = decide(h.take(pa.array(h_order)), m.take(pa.array(m_order)), cn_policy)
    assert by_household(shuffled) == expected
    assert shuffled["household_id"].to_pylist() == [f"H{i}" for i in h_order]


@SETTINGS
@given(st.lists(household, min_size=1, max_size=25), st.integers(1, 30))
def test_batch_split_does_not_change_results(cn_policy, households, batch_rows):
    h, m = tables(households)
    whole = decide(h, m, cn_policy)
    batched = decide_batches(h, m, cn_policy, batch_rows=batch_rows)
    assert batched.to_pylist() == whole.to_pylist()
    record_batches = [
        decide(hb.to_batches()[0] if hb.num_rows else hb, mb, cn_policy)
        for hb, mb in split_batches(h, m, batch_rows)
    ]
    assert pa.concat_tables(record_batches).to_pylist() == whole.to_pylist()


@SETTINGS
@given(st.lists(household, min_size=1, max_size=25))
def test_each_household_alone_gives_the_same_result(cn_policy, households):
    h, m = tables(households)
    together = by_household(decide(h, m, cn_policy))
    for i in range(h.num_rows):
        alone_h, alone_m = tables([households[i]])
        alone = decide(alone_h, alone_m, cn_policy).to_pylist()[0]
        expected = dict(together[f"H{i}"], household_id="H0")
        assert alone == expected
