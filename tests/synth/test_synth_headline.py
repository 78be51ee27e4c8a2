"""The full-size demo county shows L County's figures and realistic shapes.

Every figure is recomputed here from the tables with Python decimals and counters, independent of
fupin.synth's own arithmetic; expected values come from docs/policy-facts.md and the literature.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from synth_helpers import net_incomes, sizes

from fupin.synth import SynthCounty

LINE_2014 = Decimal(2800)


@pytest.fixture(scope="module")
def figures(full_county: SynthCounty) -> dict[str, object]:
    size = sizes(full_county.households, full_county.members)
    net = net_incomes(full_county.households)
    poor = [n < LINE_2014 * s for n, s in zip(net, size, strict=True)]
    return {"size": size, "net": net, "poor": poor}


def within(value: float, target: float, tolerance: float = 0.05) -> bool:
    return abs(value - target) <= tolerance * target


def test_about_500000_residents(figures) -> None:
    assert within(sum(figures["size"]), 500_000)


def test_about_40000_people_below_the_2014_line(figures) -> None:
    poor_people = sum(s for s, p in zip(figures["size"], figures["poor"], strict=True) if p)
    assert within(poor_people, 40_000)


def test_mean_per_capita_net_income_about_8100(figures) -> None:
    mean = sum(figures["net"]) / sum(figures["size"])
    assert within(float(mean), 8_100)


def test_631_villages_in_about_20_townships(full_county) -> None:
    levels = Counter(full_county.regions.column("level").to_pylist())
    assert levels["village"] == 631
    assert 15 <= levels["township"] <= 25
    assert levels["county"] == 1


def test_illness_is_the_main_cause_for_about_42_percent_of_poor_households(full_county) -> None:
    rows = full_county.households.select(["main_cause", "registered_status"]).to_pydict()
    causes = [
        c for c, s in zip(rows["main_cause"], rows["registered_status"], strict=True) if s == "poor"
    ]
    assert abs(causes.count("illness") / len(causes) - 0.42) <= 0.05


def test_household_sizes_look_rural(figures) -> None:
    size = figures["size"]
    assert 3.5 <= sum(size) / len(size) <= 3.9
    counts = Counter(size)
    assert counts[4] == max(counts.values())  # four-person households are the most common
    assert 0.02 < counts[1] / len(size) < 0.12 and max(size) <= 10


def test_age_pyramid_is_sane(full_county) -> None:
    ages = [2014 - int(b[:4]) for b in full_county.members.column("birth_date").to_pylist()]
    n = len(ages)
    children = sum(a < 15 for a in ages) / n
    elderly = sum(a >= 60 for a in ages) / n
    assert 0.12 <= children <= 0.25
    assert 0.12 <= elderly <= 0.25
    assert 0.55 <= 1 - children - elderly <= 0.72
    assert sum(a >= 80 for a in ages) / n < 0.05
    assert min(ages) == 0 and max(ages) <= 100


def test_illness_and_disability_rise_with_age(full_county) -> None:
    rows = full_county.members.select(["birth_date", "health"]).to_pydict()
    ill = Counter()
    total = Counter()
    for birth, health in zip(rows["birth_date"], rows["health"], strict=True):
        band = "old" if 2014 - int(birth[:4]) >= 60 else "young"
        total[band] += 1
        ill[band] += health != "healthy"
    assert ill["old"] / total["old"] > 2 * ill["young"] / total["young"]
    shares = Counter(rows["health"])
    n = len(rows["health"])
    assert 0.05 <= shares["chronic"] / n <= 0.15
    assert 0.005 <= shares["serious"] / n <= 0.03
    assert 0.01 <= shares["disabled"] / n <= 0.06


def test_nearly_every_child_of_compulsory_age_is_in_school(full_county) -> None:
    rows = full_county.members.select(["birth_date", "in_school"]).to_pydict()
    compulsory = [
        s
        for b, s in zip(rows["birth_date"], rows["in_school"], strict=True)
        if 6 <= 2014 - int(b[:4]) <= 15
    ]
    share = compulsory.count("yes") / len(compulsory)
    assert 0.95 <= share < 1.0  # a few out of school, so the EDUCATION gap occurs


def test_migrant_work_is_common_and_migrants_pay_living_costs(full_county) -> None:
    rows = full_county.households.select(["migrant_living_cost", "wage_migrant"]).to_pydict()
    migrant = [
        (w, c)
        for w, c in zip(rows["wage_migrant"], rows["migrant_living_cost"], strict=True)
        if w > 0
    ]
    assert len(migrant) / len(rows["wage_migrant"]) > 0.3
    assert all(0 < c < w for w, c in migrant)
    types = Counter(full_county.members.column("labour_type").to_pylist())
    assert types["migrant"] > 0 and types["half"] > 0


def test_incomes_are_heavy_tailed(figures) -> None:
    per_capita = sorted(float(n) / s for n, s in zip(figures["net"], figures["size"], strict=True))
    n = len(per_capita)
    median = per_capita[n // 2]
    top_percent = per_capita[int(0.99 * n) :]
    assert per_capita[-1] > 10 * median
    assert sum(top_percent) / sum(per_capita) > 0.04  # the top 1% hold well over 1% of income


def test_most_poor_registered_few_non_poor_registered_some_missed(full_county, figures) -> None:
    status = full_county.households.column("registered_status").to_pylist()
    poor = figures["poor"]
    registered_poor = sum(p and s == "poor" for p, s in zip(poor, status, strict=True))
    registered = status.count("poor")
    assert registered_poor / sum(poor) >= 0.75
    assert 0 < registered - registered_poor <= 0.25 * registered
    assert registered_poor < sum(poor)  # some poor households are missed


def test_guarantees_mostly_met_and_worse_for_the_poor(full_county, figures) -> None:
    rows = full_county.households.select(["safe_water", "food_secure", "housing_grade"]).to_pydict()
    poor = figures["poor"]
    for column, unmet in (("safe_water", "no"), ("food_secure", "no"), ("housing_grade", "D")):
        gap_poor = sum(p and v == unmet for p, v in zip(poor, rows[column], strict=True)) / sum(
            poor
        )
        gap_rest = sum((not p) and v == unmet for p, v in zip(poor, rows[column], strict=True)) / (
            len(poor) - sum(poor)
        )
        assert gap_rest < gap_poor < 0.5, column


def test_transfers_include_pensions_and_dibao(full_county) -> None:
    rows = full_county.households.select(["household_type", "transfer_relief"]).to_pydict()
    types = Counter(rows["household_type"])
    assert 0.03 < types["dibao"] / len(rows["household_type"]) < 0.12
    dibao_relief = [
        r
        for r, t in zip(rows["transfer_relief"], rows["household_type"], strict=True)
        if t == "dibao"
    ]
    assert all(r > 0 for r in dibao_relief)


def test_inkind_consumption_is_recorded_for_farming_households(full_county) -> None:
    inkind = full_county.households.column("inkind_consumption").to_pylist()
    assert sum(v > 0 for v in inkind) / len(inkind) > 0.5
