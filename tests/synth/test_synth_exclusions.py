"""The facts of the exclusion rules in the generated county: plausible shares, own random stream."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from fupin.policy import load_policy
from fupin.rules import columns as col
from fupin.rules import decide
from fupin.synth import SynthCounty, demo_county, exclusions

HOUSEHOLD_FLAGS = col.EXCLUSION_HOUSEHOLD_FLAGS
MEMBER_FLAGS = col.EXCLUSION_MEMBER_FLAGS


def _yes(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(pc.equal(table[name], "yes").to_numpy(zero_copy_only=False), dtype=bool)


def _ages(county: SynthCounty) -> np.ndarray:
    born = pc.cast(pc.utf8_slice_codeunits(county.members["birth_date"], 0, 4), pa.int64())
    return county.year - np.asarray(born.to_numpy(), dtype=np.int64)


@pytest.fixture(scope="module")
def income_poor(full_county: SynthCounty) -> np.ndarray:
    results = decide(full_county.households, full_county.members, load_policy("cn"))
    return np.asarray(results["income_poor"].to_numpy(zero_copy_only=False), dtype=bool)


def test_the_facts_have_the_contract_types_and_values(small_county: SynthCounty) -> None:
    households, members = small_county.households, small_county.members
    for name in HOUSEHOLD_FLAGS:
        assert set(households[name].to_pylist()) <= {"yes", "no"}, name
    for name in MEMBER_FLAGS:
        assert set(members[name].to_pylist()) <= {"yes", "no"}, name
    for name in col.COUNT_COLUMNS:
        assert households.schema.field(name).type == pa.int32(), name
        assert pc.min(households[name]).as_py() >= 0, name


def test_household_facts_are_rare_and_rarer_among_the_poor(full_county, income_poor) -> None:
    households = full_county.households
    vehicle = _yes(households, "owns_vehicle")
    assert 0.02 <= vehicle[~income_poor].mean() <= 0.04
    assert vehicle[income_poor].mean() <= 0.012
    shares = {name: _yes(households, name).mean() for name in HOUSEHOLD_FLAGS}
    assert 0.012 <= shares["owns_commercial_housing"] <= 0.028
    assert 0.005 <= shares["runs_business_with_employees"] <= 0.015
    assert 0.005 <= shares["away_with_high_income"] <= 0.015
    assert not _yes(households, "away_with_high_income")[income_poor].any()


def test_machines_and_livestock_are_plausible_counts(full_county) -> None:
    households = full_county.households
    machines = households["machinery_count"].to_numpy()
    livestock = households["livestock_heads"].to_numpy()
    assert 0.1 <= machines.mean() <= 0.4 and machines.max() <= exclusions.MAX_MACHINES
    assert 0.25 <= (livestock > 0).mean() <= 0.45
    assert 2 <= np.median(livestock[livestock > 0]) <= 6 and livestock.max() < 100
    # Machines belong to households that farm.
    members = full_county.members
    farms = pc.is_in(members["labour_type"], pa.array(["farming", "half"]))
    farming = set(pc.filter(members["household_id"], farms).to_pylist())
    with_machines = pc.filter(
        households["household_id"], pc.greater(households["machinery_count"], 0)
    )
    assert set(with_machines.to_pylist()) <= farming


def test_payroll_members_are_adults_and_cadres_about_five_a_village(full_county) -> None:
    members, age = full_county.members, _ages(full_county)
    payroll, cadre = _yes(members, "on_state_payroll"), _yes(members, "is_village_cadre")
    assert 0.008 <= payroll[age >= 18].mean() <= 0.012
    assert age[payroll].min() >= 22 and age[payroll].max() <= 60
    assert not (payroll & cadre).any()
    assert age[cadre].min() >= 25 and age[cadre].max() <= 65
    village = pc.utf8_slice_codeunits(pc.filter(members["household_id"], pa.array(cadre)), 0, 12)
    per_village = np.array(list(pc.value_counts(village).field("counts").to_pylist()))
    villages = full_county.regions["level"].to_pylist().count("village")
    assert per_village.size == villages
    assert (
        4.5 <= per_village.mean() <= 5.5 and per_village.max() <= exclusions.CADRES_PER_VILLAGE[1]
    )


def test_the_facts_follow_the_seed_and_move_no_other_value(monkeypatch) -> None:
    first, again = demo_county(seed=11, scale=0.005), demo_county(seed=11, scale=0.005)
    other = demo_county(seed=12, scale=0.005)
    assert first.households.equals(again.households) and first.members.equals(again.members)
    assert (
        other.households["livestock_heads"].to_pylist()
        != first.households["livestock_heads"].to_pylist()
    )
    # Facts drawn from any other stream leave every other column as it was.
    drawn = exclusions.draw
    monkeypatch.setattr(
        exclusions, "draw", lambda rng, *rest: drawn(np.random.default_rng(99), *rest)
    )
    moved = demo_county(seed=11, scale=0.005)
    rest = [c for c in first.households.column_names if c not in col.EXCLUSION_HOUSEHOLD_COLUMNS]
    assert moved.households.select(rest).equals(first.households.select(rest))
    kept = [c for c in first.members.column_names if c not in MEMBER_FLAGS]
    assert moved.members.select(kept).equals(first.members.select(kept))
    assert not moved.households.equals(first.households)
