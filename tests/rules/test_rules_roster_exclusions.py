"""The optional facts of the exclusion rules: read, checked and typed when a roster has them."""

from __future__ import annotations

import pyarrow as pa
import pytest
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster

from fupin import i18n
from fupin.rules import columns as col
from fupin.rules.checks import counts
from fupin.rules.roster import read_roster, validate_roster

FACTS = {
    "owns_vehicle": "no",
    "owns_commercial_housing": "no",
    "runs_business_with_employees": "no",
    "away_with_high_income": "no",
    "machinery_count": "0",
    "livestock_heads": "0",
}


@pytest.fixture(autouse=True)
def english():
    with i18n.override("en"):
        yield


def _household(household_id: str, **values: object) -> dict[str, object]:
    return household_row(household_id, **{**FACTS, **values})


def _member(household_id: str, **values: object) -> dict[str, object]:
    facts = {"on_state_payroll": "no", "is_village_cadre": "no"}
    return member_row(household_id, **{**facts, **values})


def test_a_roster_with_the_facts_is_valid_and_typed(tmp_path, cn_policy):
    households = [
        _household("H1", owns_vehicle="yes", machinery_count="2", livestock_heads="12"),
        _household("H2", owns_commercial_housing="", machinery_count=""),  # not recorded
    ]
    members = [
        _member("H1", on_state_payroll="yes"),
        _member("H2", is_village_cadre="yes"),
    ]
    roster = write_csv_roster(tmp_path / "r", households, members)
    validated = validate_roster(read_roster(roster), cn_policy)
    assert validated.problems == []
    typed = validated.households
    assert typed.schema.field("machinery_count").type == pa.int32()
    assert typed["owns_vehicle"].to_pylist() == ["yes", "no"]
    assert typed["owns_commercial_housing"].to_pylist() == ["no", None]
    assert typed["machinery_count"].to_pylist() == [2, None]
    assert typed["livestock_heads"].to_pylist() == [12, 0]
    assert validated.members["on_state_payroll"].to_pylist() == ["yes", "no"]
    assert validated.members["is_village_cadre"].to_pylist() == ["no", "yes"]


def test_bad_facts_are_reported_at_their_sheet_row_and_column(tmp_path, cn_policy):
    households = [
        _household("H1"),  # row 2: fine
        _household("H2", owns_vehicle="maybe"),  # row 3
        _household("H3", machinery_count="-1"),  # row 4
        _household("H4", livestock_heads="1.5"),  # row 5
        _household("H5", machinery_count="40000"),  # row 6: more than the registry holds
        _household("H6", away_with_high_income="Yes"),  # row 7: codes are lower case
    ]
    households.append(_household("H7"))  # row 8: fine, but for a member
    members = [_member(f"H{i}") for i in range(1, 8)]
    members.append(_member("H7", relation="child", is_village_cadre="maybe"))  # row 9
    roster = write_csv_roster(tmp_path / "r", households, members)
    validated = validate_roster(read_roster(roster), cn_policy)
    found = {(p.sheet, p.row, p.column, p.value): p.message for p in validated.problems}
    whole = "not a count: a whole number of 0 or more, such as 3"
    assert found == {
        ("households", 3, "owns_vehicle", "maybe"): "unknown value; one of: yes, no",
        ("households", 4, "machinery_count", "-1"): whole,
        ("households", 5, "livestock_heads", "1.5"): whole,
        ("households", 6, "machinery_count", "40000"): "the count is too large (at most 32767)",
        ("households", 7, "away_with_high_income", "Yes"): "unknown value; one of: yes, no",
        ("members", 9, "is_village_cadre", "maybe"): "unknown value; one of: yes, no",
    }
    # Each bad fact makes its own household invalid, and only that one.
    assert validated.households["household_id"].to_pylist() == ["H1"]


def test_a_workbook_gives_counts_as_numbers_and_they_are_read_as_typed(tmp_path, cn_policy):
    households = [_household("H1", machinery_count=3, livestock_heads=1.5)]
    roster = write_xlsx_roster(tmp_path / "r.xlsx", households, [_member("H1")])
    validated = validate_roster(read_roster(roster), cn_policy)
    assert [(p.row, p.column, p.value) for p in validated.problems] == [
        (2, "livestock_heads", "1.5")
    ]
    households[0]["livestock_heads"] = 7
    roster = write_xlsx_roster(tmp_path / "ok.xlsx", households, [_member("H1")])
    validated = validate_roster(read_roster(roster), cn_policy)
    assert validated.problems == []
    assert validated.households["machinery_count"].to_pylist() == [3]
    assert validated.households["livestock_heads"].to_pylist() == [7]


def test_a_roster_without_the_facts_stays_valid_and_they_are_unknown(tmp_path, cn_policy):
    roster = write_csv_roster(tmp_path / "r", [household_row("H1")], [member_row("H1")])
    validated = validate_roster(read_roster(roster), cn_policy)
    assert validated.problems == []
    for name in col.EXCLUSION_HOUSEHOLD_COLUMNS:
        assert validated.households[name].to_pylist() == [None], name
    for name in col.EXCLUSION_MEMBER_COLUMNS:
        assert validated.members[name].to_pylist() == [None], name


def test_the_count_rule():
    values = pa.array(["0", "3", "007", "-1", "1.5", "1,200", "two", None, "32768", "9" * 30])
    found = counts.count_reasons(values, 32_767)
    assert found[counts.NOT_A_COUNT].tolist() == [0, 0, 0, 1, 1, 1, 1, 0, 0, 0]
    assert found[counts.TOO_LARGE].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    numbers = counts.count_reasons(pa.array([0, -2, 5, None, 40_000], pa.int32()), 32_767)
    assert numbers[counts.NOT_A_COUNT].tolist() == [0, 1, 0, 0, 0]
    assert numbers[counts.TOO_LARGE].tolist() == [0, 0, 0, 0, 1]
