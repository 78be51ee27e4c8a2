"""`fupin identify --policy auto`: each household under the policy in force in its village."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_builders import household_row, member_row, write_csv_roster
from typer.testing import CliRunner

from fupin.cli import app
from fupin.policy import load_policy
from fupin.rules import columns as col
from fupin.rules import decide
from fupin.rules.in_force import PolicyChoice, decide_by_policy
from fupin.rules.money import FEN_TYPE
from fupin.rules.roster import read_roster, validate_roster

YUNNAN = "530102001001"  # province code 53: cn-53, monitoring line 2025 = 8,700
GUIZHOU = "520102001001"  # province 52 has no file of its own: cn, monitoring line 7,100


def run(*args: str):
    return CliRunner().invoke(app, ["--lang", "en", *args])


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["household_id"]: row for row in csv.DictReader(handle)}


def two_provinces(tmp_path: Path) -> Path:
    # One person with 8,000 yuan in 2025, in each province: above the national monitoring line
    # of 7,100 (nothing to do) but below Yunnan's 8,700 (near the line: monitor).
    households = [
        household_row("YN", village_code=YUNNAN, year=2025, wage_local="8000"),
        household_row("GZ", village_code=GUIZHOU, year=2025, wage_local="8000"),
    ]
    members = [member_row("YN"), member_row("GZ")]
    return write_csv_roster(tmp_path / "roster", households, members)


def test_auto_decides_each_household_under_its_villages_policy(tmp_path):
    out = tmp_path / "RESULTS.csv"
    result = run("identify", str(two_provinces(tmp_path)), "--out", str(out), "--policy", "auto")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    yunnan, guizhou = rows["YN"], rows["GZ"]
    assert (yunnan["monitoring_line"], yunnan["flags"], yunnan["decision"]) == (
        "8700.00",
        "NEAR_LINE",
        "monitor",
    )
    assert (yunnan["policy_id"], yunnan["policy_version"]) == ("cn-53", "2026.1")
    assert yunnan["policy_hash"] == load_policy("cn-53").content_hash
    assert (guizhou["monitoring_line"], guizhou["flags"], guizhou["decision"]) == (
        "7100.00",
        "",
        "none",
    )
    assert (guizhou["policy_id"], guizhou["policy_version"]) == ("cn", "2026.1")
    assert "below the monitoring line of 8,700.00 yuan" in yunnan["reasons"]
    assert list(rows) == ["YN", "GZ"]  # roster order, whatever the policies


def test_the_default_stays_the_national_policy(tmp_path):
    out = tmp_path / "RESULTS.csv"
    result = run("identify", str(two_provinces(tmp_path)), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    for household in ("YN", "GZ"):
        row = rows[household]
        assert (row["monitoring_line"], row["decision"], row["policy_id"]) == (
            "7100.00",
            "none",
            "cn",
        )


def test_a_named_policy_still_decides_every_household(tmp_path):
    out = tmp_path / "RESULTS.csv"
    result = run("identify", str(two_provinces(tmp_path)), "--out", str(out), "--policy", "cn-53")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert [(r["monitoring_line"], r["decision"], r["policy_id"]) for r in rows.values()] == [
        ("8700.00", "monitor", "cn-53"),
        ("8700.00", "monitor", "cn-53"),
    ]


GUIZHOU_2027 = """id = "cn-52"
version = "test-1"
title = "Guizhou (a test file covering 2027)"
extends = "cn"

[applies_to]
regions = ["52"]

[poverty_line]
2027 = 4000
"""


def test_years_are_checked_against_each_households_own_policy(tmp_path, monkeypatch):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "cn-52.toml").write_text(GUIZHOU_2027, encoding="utf-8")
    monkeypatch.setenv("FUPIN_POLICY_DIR", str(folder))
    households = [
        household_row("YN", village_code=YUNNAN, year=2027, wage_local="8000"),
        household_row("GZ", village_code=GUIZHOU, year=2027, wage_local="8000"),
    ]
    roster = write_csv_roster(tmp_path / "roster", households, [member_row("YN"), member_row("GZ")])
    validated = validate_roster(read_roster(roster), PolicyChoice.named("auto"))
    assert [(p.row, p.column, p.value, p.message) for p in validated.problems] == [
        (2, "year", "2027", "policy cn-53 does not cover this year (it covers 2014–2026)")
    ]
    assert validated.households["household_id"].to_pylist() == ["GZ"]


def test_an_unknown_policy_is_still_refused(tmp_path):
    out = tmp_path / "RESULTS.csv"
    result = run("identify", str(two_provinces(tmp_path)), "--out", str(out), "--policy", "mars")
    assert result.exit_code == 2
    assert "Cannot load the policy mars" in result.output


CODES = {YUNNAN: "cn-53", GUIZHOU: "cn", "110101001001": "cn"}  # written by hand
fen = st.integers(min_value=0, max_value=2_000_000)
household = st.fixed_dictionaries(
    {
        "village_code": st.sampled_from(sorted(CODES)),
        "year": st.sampled_from([2020, 2024, 2025]),
        "registered_status": st.sampled_from(col.REGISTERED_STATUSES),
        "wage_local": fen,
        "size": st.integers(1, 4),
    }
)


def _tables(households: list[dict]) -> tuple[pa.Table, pa.Table]:
    n = len(households)
    data: dict[str, pa.Array] = {
        "household_id": pa.array([f"H{i}" for i in range(n)]),
        "village_code": pa.array([h["village_code"] for h in households]),
        "year": pa.array([h["year"] for h in households], pa.int32()),
        "registered_status": pa.array([h["registered_status"] for h in households]),
    }
    for name in ("food_secure", "clothing_secure", "safe_water"):
        data[name] = pa.array(["yes"] * n)
    data["housing_grade"] = pa.array(["A"] * n)
    for name in col.MONEY_COLUMNS:
        wages = [Decimal(h["wage_local"] if name == "wage_local" else 0) / 100 for h in households]
        data[name] = pa.array(wages, FEN_TYPE)
    data[col.PREVIOUS_INCOME_COLUMN] = pa.nulls(n, FEN_TYPE)
    owners = [f"H{i}" for i, h in enumerate(households) for _ in range(h["size"])]
    members = {
        "household_id": owners,
        "id_number": [f"{k:018d}" for k in range(len(owners))],
        "relation": ["head"] * len(owners),
        "birth_date": [dt.date(1980, 1, 1).isoformat()] * len(owners),
        "in_school": ["no"] * len(owners),
        "labour_ability": ["ordinary"] * len(owners),
        "medical_insurance": ["yes"] * len(owners),
    }
    return pa.table(data), pa.table({k: pa.array(v, pa.string()) for k, v in members.items()})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(household, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_a_mixed_batch_equals_each_household_alone_under_its_policy(households, random):
    h, m = _tables(households)
    m = m.take(pa.array(random.sample(range(m.num_rows), m.num_rows)))  # members in any order
    assignment = PolicyChoice.named("auto").assign(h["village_code"])
    together = decide_by_policy(h, m, assignment, lambda hh, mm, params, g: decide(hh, mm, params))
    assert together["household_id"].to_pylist() == [f"H{i}" for i in range(len(households))]
    for i, row in enumerate(together.to_pylist()):
        alone_h, alone_m = _tables([households[i]])
        expected = decide(alone_h, alone_m, load_policy(CODES[households[i]["village_code"]]))
        assert {**row, "household_id": "H0"} == expected.to_pylist()[0]


@pytest.mark.parametrize("code", [None, "", "53", "not a code"])
def test_a_missing_or_malformed_code_falls_back_to_the_national_policy(code):
    # Such rows are refused by the validator; they still need a policy to be checked against.
    expected = "cn-53" if code == "53" else "cn"
    assignment = PolicyChoice.named("auto").assign(pa.array([code], pa.string()))
    assert assignment.policies[assignment.index[0]].id == expected
