"""Bad rosters: every kind of problem reported at once, with sheet, spreadsheet row and column."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster

from fupin import i18n, idnumber
from fupin.rules.roster import read_roster, validate_roster

BIRTH = dt.date(1970, 7, 7)  # a birth date no default member has


def bad_roster() -> tuple[list[dict], list[dict], set[tuple[str, int, str, str]]]:
    """Households (rows 2…) and members (rows 2…) with one planted problem each, and the
    expected (sheet, row, column, word in the message) of every problem."""
    households = [
        household_row("H1", wage_local="5000"),  # row 2: fine
        household_row("H2", village_code="53010200100"),  # row 3: 11 digits
        household_row("H3", year=2031),  # row 4: not covered
        household_row("H4", registered_status="registered"),  # row 5: unknown value
        household_row("H5", wage_local="-10"),  # row 6: negative
        household_row("H6", operating_income="12,5"),  # row 7: non-numeric
        household_row("H7", property_income="1.005"),  # row 8: over-precise
        household_row("H1"),  # row 9: duplicate household_id
        household_row("H8"),  # row 10: no members
        household_row("H9"),  # row 11: no head
        household_row("H10"),  # row 12: two heads
        household_row("H11"),  # row 13: members with ID problems
    ]
    first17 = "530102197013010" + "01"  # month 13
    members = [
        member_row("H1"),  # 2
        member_row("H2"),  # 3
        member_row("H3"),  # 4
        member_row("H4"),  # 5
        member_row("H5"),  # 6
        member_row("H6"),  # 7
        member_row("H7"),  # 8
        member_row("H9", relation="spouse"),  # 9
        member_row("H10"),  # 10
        member_row("H10", relation="head", birth=dt.date(1981, 1, 1)),  # 11: second head
        member_row("H11", id_number="53010219800501001"),  # 12: 17 characters
        member_row("H11", relation="child", id_number="53010219800501001A"),  # 13: characters
        member_row(
            "H11", relation="child", id_number=first17 + idnumber.check_character(first17)
        ),  # 14
        member_row("H11", relation="child", birth=BIRTH, id_number=_wrong_check(BIRTH, "M")),  # 15
        member_row(
            "H11",
            relation="child",
            sex="F",
            birth=BIRTH,
            id_number=idnumber.make("530102", BIRTH, 3, "M"),
        ),  # 16
        member_row(
            "H11",
            relation="child",
            birth=BIRTH,
            birth_date="1970-07-08",
            id_number=idnumber.make("530102", BIRTH, 5, "M"),
        ),  # 17
        member_row(
            "H11", relation="child", birth=BIRTH, id_number=idnumber.make("530102", BIRTH, 7, "M")
        ),  # 18
        member_row(
            "H11", relation="child", birth=BIRTH, id_number=idnumber.make("530102", BIRTH, 7, "M")
        ),  # 19: duplicate
        member_row("H11", relation="child", health="ill"),  # 20: unknown value
        member_row("H99", relation="child"),  # 21: household missing
    ]
    expected = {
        ("households", 3, "village_code", "12 digits"),
        ("households", 4, "year", "2014–2026"),
        ("households", 5, "registered_status", "none, poor, exited"),
        ("households", 6, "wage_local", "negative"),
        ("households", 7, "operating_income", "not an amount"),
        ("households", 8, "property_income", "2 decimals"),
        ("households", 9, "household_id", "first on row 2"),
        ("households", 10, "household_id", "no members"),
        ("households", 11, "household_id", "head"),
        ("members", 11, "relation", "first is on row 10"),
        ("members", 12, "id_number", "18 characters, has 17"),
        ("members", 13, "id_number", "17 digits followed by a digit or X"),
        ("members", 14, "id_number", "impossible birth date 19701301"),
        ("members", 15, "id_number", "check character"),
        ("members", 16, "sex", "which says M"),
        ("members", 17, "birth_date", "which says 1970-07-07"),
        ("members", 19, "id_number", "first on row 18"),
        ("members", 20, "health", "healthy, chronic, serious, disabled"),
        ("members", 21, "household_id", "not in the households sheet"),
    }
    return households, members, expected


def _wrong_check(birth: dt.date, sex: str) -> str:
    good = idnumber.make("530102", birth, 9, sex)
    return good[:17] + ("0" if good[17] != "0" else "1")


def _found(problems):
    return {(p.sheet, p.row, p.column, p.message) for p in problems}


def _matches(found, expected):
    unmatched = [e for e in expected if not any(f[:3] == e[:3] and e[3] in f[3] for f in found)]
    return unmatched


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_problem_is_reported_at_its_place(tmp_path, cn_policy, kind):
    households, members, expected = bad_roster()
    if kind == "csv":
        roster = write_csv_roster(tmp_path / "roster", households, members)
    else:
        roster = write_xlsx_roster(tmp_path / "roster.xlsx", households, members)
    with i18n.override("en"):
        result = validate_roster(read_roster(roster), cn_policy)
    found = _found(result.problems)
    assert _matches(found, expected) == []
    assert len(found) == len(expected), sorted(found)


def test_only_households_without_problems_remain(tmp_path, cn_policy):
    households, members, _ = bad_roster()
    roster = write_csv_roster(tmp_path / "roster", households, members)
    result = validate_roster(read_roster(roster), cn_policy)
    # H1 is duplicated, so only … nothing of H1 survives either; every other household has a problem.
    assert result.households.column("household_id").to_pylist() == []
    households[7]["household_id"] = "H12"
    members.append(member_row("H12"))
    roster = write_csv_roster(tmp_path / "roster2", households, members)
    result = validate_roster(read_roster(roster), cn_policy)
    assert result.households.column("household_id").to_pylist() == ["H1", "H12"]
    assert sorted(result.members.column("household_id").to_pylist()) == ["H1", "H12"]


def test_missing_columns_and_sheets_are_fatal(tmp_path, cn_policy):
    households = [{k: v for k, v in household_row().items() if k != "safe_water"}]
    roster = write_csv_roster(tmp_path / "roster", households, [member_row()])
    with i18n.override("en"):
        result = validate_roster(read_roster(roster), cn_policy)
    assert result.fatal
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("households", 1, "safe_water")
    ]


def test_optional_previous_income_column_may_be_left_out(tmp_path, cn_policy):
    households = [
        {k: v for k, v in household_row().items() if k != "previous_per_capita_net_income"}
    ]
    roster = write_csv_roster(tmp_path / "roster", households, [member_row()])
    assert validate_roster(read_roster(roster), cn_policy).problems == []


def test_row_numbers_skip_blank_lines_like_a_spreadsheet(tmp_path, cn_policy):
    roster = write_csv_roster(
        tmp_path / "roster",
        [household_row("H1"), household_row("H2", food_secure="maybe")],
        [member_row("H1"), member_row("H2")],
    )
    path = roster / "households.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1], "", lines[2]]) + "\n", encoding="utf-8")
    result = validate_roster(read_roster(roster), cn_policy)
    assert [(p.row, p.column) for p in result.problems] == [(4, "food_secure")]


def test_error_messages_in_chinese(tmp_path, cn_policy):
    roster = write_csv_roster(tmp_path / "roster", [household_row(wage_local="-1")], [member_row()])
    with i18n.override("zh-hans"):
        problems = validate_roster(read_roster(roster), cn_policy).problems
    assert [p.message for p in problems] == ["金额不能为负数"]


def test_missing_roster_is_a_read_error(tmp_path):
    from fupin.rules.roster import RosterReadError

    with pytest.raises(RosterReadError):
        read_roster(tmp_path / "nowhere.xlsx")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "households.csv").write_text("household_id\n", encoding="utf-8")
    with pytest.raises(RosterReadError) as caught:
        read_roster(tmp_path / "half")
    assert caught.value.problem.sheet == "members"


def read_errors(path: Path) -> list[dict]:
    """The rows of an error report."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
