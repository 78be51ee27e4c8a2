"""A generated county (fupin.synth) as an .xlsx and a CSV roster: valid, and decided identically."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fupin import synth
from fupin.cli import app
from fupin.rules import decide
from fupin.rules.roster import read_roster, validate_roster


@pytest.fixture(scope="module")
def county():
    return synth.demo_county(scale=0.005)


def test_generated_rosters_are_valid_and_agree(tmp_path, county, cn_policy):
    folder = synth.write_roster(county, tmp_path / "roster")
    workbook = synth.write_roster(county, tmp_path / "roster.xlsx")
    for roster in (folder, workbook):
        assert validate_roster(read_roster(roster), cn_policy).problems == []
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert CliRunner().invoke(app, ["identify", str(folder), "--out", str(a)]).exit_code == 0
    assert CliRunner().invoke(app, ["identify", str(workbook), "--out", str(b)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_roster_path_equals_the_kernel_on_the_generator_tables(tmp_path, county, cn_policy):
    validated = validate_roster(read_roster(synth.write_roster(county, tmp_path / "r")), cn_policy)
    from_roster = decide(validated.households, validated.members, cn_policy)
    direct = decide(county.households, county.members, cn_policy)
    assert from_roster.to_pylist() == direct.to_pylist()
