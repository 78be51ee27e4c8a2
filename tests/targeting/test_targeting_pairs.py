"""Training pairs on a tiny hand-written panel, and the errors for broken panels."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.idnumber import make
from fupin.targeting.features import FEATURE_NAMES
from fupin.targeting.pairs import training_pairs
from fupin.targeting.panel import PanelError, panel_from_tables

MONEY = (
    "wage_local", "wage_migrant", "migrant_living_cost", "operating_income", "operating_cost",
    "property_income", "transfer_relief", "transfer_development", "inkind_consumption",
    "medical_out_of_pocket", "disaster_loss",
)  # fmt: skip


def _household(hid: str, year: int, wage: str, status: str = "none") -> dict:
    row = {
        "household_id": hid, "village_code": "619901201001", "year": year,
        "registered_status": status, "food_secure": "yes", "clothing_secure": "yes",
        "safe_water": "yes", "housing_grade": "A",
    }  # fmt: skip
    row.update({name: Decimal("0") for name in MONEY})
    row["wage_local"] = Decimal(wage)
    row["previous_per_capita_net_income"] = None
    return row


def _member(
    hid: str, born: str, sequence: int, relation: str = "head", left: int | None = None
) -> dict:
    import datetime as dt

    return {
        "household_id": hid, "id_number": make("619901", dt.date.fromisoformat(born), sequence, "M"),
        "name": "王" + str(sequence), "relation": relation, "sex": "M", "birth_date": born,
        "in_school": "no", "health": "healthy", "labour_ability": "ordinary",
        "medical_insurance": "yes", "left_year": left,
    }  # fmt: skip


def _tables(households: list[dict], members: list[dict]) -> tuple[pa.Table, pa.Table]:
    schema = {name: pa.decimal128(18, 2) for name in (*MONEY, "previous_per_capita_net_income")}
    h = pa.Table.from_pylist(households)
    h = h.cast(
        pa.schema(
            [
                pa.field(n, schema.get(n, pa.int32() if n == "year" else pa.string()))
                for n in h.column_names
            ]
        )
    )
    m = pa.Table.from_pylist(members).cast(
        pa.schema(
            [pa.field(n, pa.int32() if n == "left_year" else pa.string()) for n in members[0]]
        )
    )
    return h, m


def tiny_panel() -> tuple[pa.Table, pa.Table]:
    """Lines: 2014 2,800; 2015 2,968; 2016 3,146 (policy cn)."""
    households = [
        # A: two people; 10,000 → 5,000 a head (not poor) → 5,800 → 2,900 < 2,968: poor in 2015.
        _household("A", 2014, "10000"),
        _household("A", 2015, "5800"),
        _household("A", 2016, "9000"),
        # B: a child born in 2015 makes three: 8,000 / 3 = 2,666.67 < 2,968 (2 people: 4,000).
        _household("B", 2014, "8000"),
        _household("B", 2015, "8000"),
        _household("B", 2016, "8000"),
        # C: the grandfather dies in 2016 (left_year 2016): 3,146 alone is not poor, 2 × would be.
        _household("C", 2014, "9000"),
        _household("C", 2015, "9000"),
        _household("C", 2016, "3146"),
        # D: leaves the panel after 2014: no pair for 2014 → 2015.
        _household("D", 2014, "1000"),
    ]
    members = [
        _member("A", "1970-01-01", 1),
        _member("A", "1972-02-02", 2, "spouse"),
        _member("B", "1980-03-03", 1),
        _member("B", "1982-04-04", 1, "spouse"),
        _member("B", "2015-05-05", 1, "child"),
        _member("C", "1975-06-06", 1),
        _member("C", "1940-07-07", 1, "parent", left=2016),
        _member("D", "1960-08-08", 1),
    ]
    return _tables(households, members)


def test_outcome_is_next_years_poverty_with_the_members_of_that_year(policy) -> None:
    pairs = training_pairs(panel_from_tables(*tiny_panel()), policy)
    got = {
        (h, int(y)): bool(o)
        for h, y, o in zip(pairs.household_id, pairs.year, pairs.outcome, strict=True)
    }
    assert got == {
        ("A", 2014): True, ("A", 2015): False,
        ("B", 2014): True, ("B", 2015): True,
        ("C", 2014): False, ("C", 2015): False,
    }  # fmt: skip
    assert pairs.features.shape == (6, len(FEATURE_NAMES))


def test_features_are_taken_at_year_t(policy) -> None:
    pairs = training_pairs(panel_from_tables(*tiny_panel()), policy)
    size = pairs.features[:, FEATURE_NAMES.index("size")]
    pc_to_line = pairs.features[:, FEATURE_NAMES.index("pc_income_to_line")]
    keyed = dict(
        zip(
            zip(pairs.household_id, pairs.year, strict=True),
            zip(size, pc_to_line, strict=True),
            strict=True,
        )
    )
    assert keyed[("B", 2014)] == (2, pytest.approx(4000 / 2800))
    assert keyed[("B", 2015)] == (3, pytest.approx(266667 / 296800))
    assert keyed[("C", 2015)][0] == 2


def test_target_years_select_pairs(policy) -> None:
    pairs = training_pairs(panel_from_tables(*tiny_panel()), policy, target_years=[2016])
    assert set(pairs.year.tolist()) == {2015}
    assert pairs.target_years == [2016]


def test_rules_score_counts_the_kernels_codes(policy) -> None:
    pairs = training_pairs(panel_from_tables(*tiny_panel()), policy, target_years=[2015])
    scores = dict(zip(pairs.household_id, pairs.rules_score, strict=True))
    # A in 2014: 5,000 a head ≥ 4,200 (1.5 lines): no code; C: 4,500 a head: none either.
    assert scores["A"] == 0 and scores["C"] == 0
    # B in 2014: 4,000 a head is NEAR_LINE (2,800 ≤ 4,000 < 4,200): one code.
    assert scores["B"] == 1


def test_a_gap_in_years_is_named(policy) -> None:
    households, members = tiny_panel()
    no_2015 = households.filter(np.asarray(households["year"].to_pylist()) != 2015)
    with pytest.raises(PanelError, match="2015"):
        panel_from_tables(no_2015, members)


def test_a_household_missing_inside_its_span_is_named() -> None:
    households, members = tiny_panel()
    keep = [
        not (h == "C" and y == 2015)
        for h, y in zip(
            households["household_id"].to_pylist(), households["year"].to_pylist(), strict=True
        )
    ]
    with pytest.raises(PanelError, match=r"C \(years 2014–2016, 2 of them present\)"):
        panel_from_tables(households.filter(pa.array(keep)), members)


def test_a_household_twice_in_a_year_is_named() -> None:
    households, members = tiny_panel()
    twice = pa.concat_tables([households, households.slice(0, 1)])
    with pytest.raises(PanelError, match=r"A \(2014\)"):
        panel_from_tables(twice, members)


def test_members_of_unknown_households_are_named() -> None:
    households, members = tiny_panel()
    orphan = members.slice(0, 1).set_column(0, "household_id", pa.array(["Z"]))
    with pytest.raises(PanelError, match="Z"):
        panel_from_tables(households, pa.concat_tables([members, orphan]))


def test_every_problem_is_reported_at_once() -> None:
    households, members = tiny_panel()
    keep = [
        not (h == "C" and y == 2015)
        for h, y in zip(
            households["household_id"].to_pylist(), households["year"].to_pylist(), strict=True
        )
    ]
    broken = pa.concat_tables([households.filter(pa.array(keep)), households.slice(0, 1)])
    with pytest.raises(PanelError) as caught:
        panel_from_tables(broken, members)
    assert len(caught.value.problems) == 2


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_pairs_do_not_depend_on_row_order(policy, random) -> None:
    households, members = tiny_panel()
    order = list(range(households.num_rows))
    random.shuffle(order)
    shuffled = households.take(pa.array(order))
    base = training_pairs(panel_from_tables(households, members), policy)
    again = training_pairs(panel_from_tables(shuffled, members), policy)

    def keyed(pairs):
        return {
            (h, int(y)): (bool(o), tuple(np.nan_to_num(f, nan=-1.0)))
            for h, y, o, f in zip(
                pairs.household_id, pairs.year, pairs.outcome, pairs.features, strict=True
            )
        }

    assert keyed(again) == keyed(base)
