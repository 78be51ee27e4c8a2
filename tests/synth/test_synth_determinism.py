"""A seed fixes the county; another seed gives another county."""

from __future__ import annotations

from fupin.synth import demo_county


def test_same_seed_same_tables() -> None:
    first, second = demo_county(seed=11, scale=0.005), demo_county(seed=11, scale=0.005)
    assert first.regions.equals(second.regions)
    assert first.households.equals(second.households)
    assert first.members.equals(second.members)


def test_other_seed_other_households() -> None:
    first, second = demo_county(seed=11, scale=0.005), demo_county(seed=12, scale=0.005)
    assert (
        first.members.column("id_number").to_pylist()
        != second.members.column("id_number").to_pylist()
    )
    assert not first.households.equals(second.households)


def test_scale_shrinks_households_and_keeps_the_tree_shape() -> None:
    small = demo_county(seed=3, scale=0.01)
    assert 1_200 <= small.households.num_rows <= 1_400
    levels = small.regions.column("level").to_pylist()
    assert levels[:3] == ["province", "city", "county"]
    assert levels.count("township") == 20 and levels.count("village") >= 60


def test_later_years_have_exited_households_and_a_higher_line() -> None:
    county = demo_county(seed=5, scale=0.01, year=2017)
    statuses = set(county.households.column("registered_status").to_pylist())
    assert county.poverty_line == 3335
    assert set(county.households.column("year").to_pylist()) == {2017}
    assert "exited" in statuses and "poor" in statuses
