"""Aggregates equal the sums of household results, and the FGT measures those of fupin.measures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from batch_helpers import aggregate, households_of

from fupin.batch.aggregates import KEEP_DIGITS, LEVELS
from fupin.measures import headcount, poverty_gap, squared_gap
from fupin.rules import DECISIONS


def _code(village: str, level: str) -> str:
    digits = KEEP_DIGITS[level]
    return village[:digits] + "0" * (12 - digits)


@pytest.mark.parametrize("level", LEVELS)
def test_counts_are_sums_of_household_results(country_results: Path, level: str) -> None:
    expected: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in households_of(country_results).to_pylist():
        sums = expected[(_code(row["village_code"], level), row["year"])]
        sums["households"] += 1
        sums["people"] += row["size"]
        sums[f"households_{row['decision']}"] += 1
        sums[f"people_{row['decision']}"] += row["size"]
        sums["income_poor_people"] += row["size"] * row["income_poor"]
        for gap in filter(None, row["guarantee_gaps"].split(";")):
            sums[f"gap_{gap.lower()}"] += 1
        for flag in filter(None, row["flags"].split(";")):
            sums[f"flag_{flag.lower()}"] += 1
    table = aggregate(country_results, level)
    assert table.num_rows == len(expected)
    for row in table.to_pylist():
        sums = expected[(row["code"], row["year"])]
        for name in ("households", "people", "income_poor_people"):
            assert row[name] == sums[name], name
        for decision in DECISIONS:
            assert row[f"households_{decision}"] == sums[f"households_{decision}"]
            assert row[f"people_{decision}"] == sums[f"people_{decision}"]
        for name in ("gap_housing", "gap_medical", "flag_near_line", "flag_no_labour"):
            assert row[name] == sums[name], name


@pytest.mark.parametrize("level", ["province", "nation"])
def test_measures_equal_fupin_measures(country_results: Path, level: str) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in households_of(country_results).to_pylist():
        groups[_code(row["village_code"], level)].append(row)
    for row in aggregate(country_results, level).to_pylist():
        members = groups[row["code"]]
        size = np.array([r["size"] for r in members], dtype=float)
        # Each person at the household's exact per-capita income, in yuan.
        income = np.array([float(r["net_income"]) for r in members]) / size
        line = float(members[0]["poverty_line"])
        assert row["headcount"] == pytest.approx(headcount(income, line, weights=size), rel=1e-12)
        assert row["poverty_gap"] == pytest.approx(
            poverty_gap(income, line, weights=size), rel=1e-9
        )
        assert row["severity"] == pytest.approx(squared_gap(income, line, weights=size), rel=1e-9)
        assert row["line_fen"] == int(Decimal(str(members[0]["poverty_line"])) * 100)


def test_policy_stamp_on_every_level(country_results: Path) -> None:
    results = households_of(country_results)
    stamp = results["policy_hash"][0].as_py()
    assert len(stamp) == 64
    for level in LEVELS:
        assert set(aggregate(country_results, level)["policy_hash"].to_pylist()) == {stamp}
    nation = aggregate(country_results, "nation").to_pylist()[0]
    assert nation["households"] == results.num_rows
    assert sum(nation[f"households_{d}"] for d in DECISIONS) == results.num_rows
