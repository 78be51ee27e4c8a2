"""`fupin identify` from the outside: the decision table cell by cell, RESULTS.csv exactly as
the specification states it, the error report file, column order, mixed years, --policy PATH, the template.

Expected values are read off the specification (table, formulas, POLICY-FACTS lines: 2014 → 2,800,
2020 → 4,000; monitoring line 1.5 × the poverty line), not computed by the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster
from typer.testing import CliRunner

from fupin.cli import app
from fupin.rules import columns as col

ISSUE_COLUMNS = [
    "household_id", "size", "net_income", "per_capita_net_income", "poverty_line",
    "monitoring_line", "income_poor", "guarantee_gaps", "flags", "decision", "reasons",
]  # fmt: skip
MONEY = re.compile(r"^-?[0-9]+\.[0-9]{2}$")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# One single-person household per cell of the published decision table (2020: line 4,000, monitoring
# line 6,000). Incomes: 1,000 is income-poor; 5,000 is only NEAR_LINE (a flag, no gap);
# 30,000 with food_secure = no is a gap without a flag; 30,000 is clear.
POOR = {"wage_local": "1000"}
FLAG_ONLY = {"wage_local": "5000"}
GAP_ONLY = {"wage_local": "30000", "food_secure": "no"}
CLEAR = {"wage_local": "30000"}
# (id, registered_status, situation, decision from the published table)
TABLE = [
    ("n-poor", "none", POOR, "identify"),
    ("n-flag", "none", FLAG_ONLY, "monitor"),
    ("n-gap", "none", GAP_ONLY, "monitor"),
    ("n-clear", "none", CLEAR, "none"),
    ("p-poor", "poor", POOR, "remain"),
    ("p-gap", "poor", GAP_ONLY, "remain"),
    ("p-flag", "poor", FLAG_ONLY, "exit"),
    ("p-clear", "poor", CLEAR, "exit"),
    ("e-poor", "exited", POOR, "return"),
    ("e-flag", "exited", FLAG_ONLY, "monitor"),
    ("e-gap", "exited", GAP_ONLY, "monitor"),
    ("e-clear", "exited", CLEAR, "stable"),
]


def table_roster(folder: Path) -> Path:
    # Roster order is deliberately not sorted, so "in roster order" is observable.
    rows = list(reversed(TABLE))
    households = [household_row(hid, registered_status=s, **extra) for hid, s, extra, _ in rows]
    members = [member_row(hid) for hid, *_ in rows]
    return write_csv_roster(folder, households, members)


def test_decision_table_cell_by_cell_in_roster_order(tmp_path):
    out = tmp_path / "RESULTS.csv"
    result = run("--lang", "en", "identify", str(table_roster(tmp_path / "r")), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert [(r["household_id"], r["decision"]) for r in rows] == [
        (hid, decision) for hid, _, _, decision in reversed(TABLE)
    ]
    by_id = {r["household_id"]: r for r in rows}
    assert by_id["n-flag"]["flags"] == "NEAR_LINE" and by_id["n-flag"]["guarantee_gaps"] == ""
    assert by_id["n-gap"]["guarantee_gaps"] == "FOOD" and by_id["n-gap"]["flags"] == ""
    assert by_id["n-clear"]["flags"] == "" and by_id["n-clear"]["guarantee_gaps"] == ""
    assert {r["income_poor"] for r in rows} == {"True", "False"}
    assert [r["household_id"] for r in rows if r["income_poor"] == "True"] == [
        "e-poor",
        "p-poor",
        "n-poor",
    ]


def test_results_csv_columns_and_formats(tmp_path):
    households = [
        household_row("B2", wage_local="0.05"),
        # 100 wages − 5,000.10 migrant costs = −4,900.10 for two: −2,450.05 each.
        household_row("A1", wage_migrant="100", migrant_living_cost="5000.1", year=2014),
    ]
    members = [
        member_row("B2"),
        member_row("A1"),
        member_row("A1", relation="spouse", sex="F", birth=dt.date(1983, 3, 3)),
    ]
    out = tmp_path / "RESULTS.csv"
    roster = write_csv_roster(tmp_path / "r", households, members)
    assert run("--lang", "en", "identify", str(roster), "--out", str(out)).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    # The published columns first, in their order; the policy stamp follows (documented extension).
    assert header[: len(ISSUE_COLUMNS)] == ISSUE_COLUMNS
    assert header[len(ISSUE_COLUMNS) :] == ["policy_id", "policy_version", "policy_hash"]
    b2, a1 = read_csv(out)
    assert (b2["size"], b2["net_income"], b2["per_capita_net_income"]) == ("1", "0.05", "0.05")
    assert (b2["poverty_line"], b2["monitoring_line"]) == ("4000.00", "6000.00")
    assert (a1["size"], a1["net_income"], a1["per_capita_net_income"]) == (
        "2",
        "-4900.10",
        "-2450.05",
    )
    assert (a1["poverty_line"], a1["monitoring_line"]) == ("2800.00", "4200.00")
    for row in (a1, b2):
        for name in ("net_income", "per_capita_net_income", "poverty_line", "monitoring_line"):
            assert MONEY.match(row[name]), (name, row[name])
        assert row["income_poor"] == "True"
    # The reason names the amount of the shortfall: 2,800 − (−2,450.05) = 5,250.05.
    assert "5,250.05 yuan below the poverty line of 2,800.00 yuan" in a1["reasons"]


def test_error_report_file_lists_every_problem_with_spreadsheet_rows(tmp_path):
    households = [
        household_row("H1", food_secure="maybe", housing_grade="E"),  # row 2: two problems
        household_row("H2", village_code="5301020010", wage_local="1e3"),  # row 3
        household_row("H3", clothing_secure=""),  # row 4: empty enumerated cell
        household_row("H4", year=2013),  # row 5: before the policy's first year
    ]
    members = [
        member_row("H1"),  # 2
        {**member_row("H2"), "sex": "X"},  # 3
        member_row("H3", in_school=""),  # 4
        member_row("H4", birth_date="1980/05/01"),  # 5
        member_row("H5"),  # 6
    ]
    roster = write_xlsx_roster(tmp_path / "roster.xlsx", households, members)
    out = tmp_path / "RESULTS.csv"
    result = run("--lang", "en", "identify", str(roster), "--out", str(out))
    assert result.exit_code == 2 and not out.exists()
    errors_path = tmp_path / "RESULTS.errors.csv"
    with errors_path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["sheet", "row", "column", "value", "message"]
    assert [tuple(line[:4]) for line in lines[1:]] == [
        ("households", "2", "food_secure", "maybe"),
        ("households", "2", "housing_grade", "E"),
        ("households", "3", "village_code", "5301020010"),
        ("households", "3", "wage_local", "1e3"),
        ("households", "4", "clothing_secure", ""),  # once: required, not also "unknown"
        ("households", "5", "year", "2013"),
        ("members", "3", "sex", "X"),
        ("members", "4", "in_school", ""),
        ("members", "5", "birth_date", "1980/05/01"),
        ("members", "6", "household_id", "H5"),
    ]
    assert "10 problem(s) found in the roster" in result.output


def test_column_order_and_extra_columns_do_not_matter(tmp_path):
    roster = table_roster(tmp_path / "plain")
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for name in ("households", "members"):
        rows = read_csv(roster / f"{name}.csv")
        names = list(reversed(list(rows[0]))) + ["remarks"]
        with (shuffled / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names)
            writer.writeheader()
            writer.writerows({**row, "remarks": "备注, with a comma"} for row in rows)
    plain_out, shuffled_out = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("identify", str(roster), "--out", str(plain_out)).exit_code == 0
    assert run("identify", str(shuffled), "--out", str(shuffled_out)).exit_code == 0
    assert plain_out.read_bytes() == shuffled_out.read_bytes()


def test_a_roster_may_mix_years(tmp_path):
    households = [
        household_row("Y14", year=2014, wage_local="2799.99"),
        household_row("Y17", year=2017, wage_local="3335"),
        household_row("Y20", year=2020, wage_local="3999.99"),
    ]
    members = [member_row("Y14"), member_row("Y17"), member_row("Y20")]
    out = tmp_path / "RESULTS.csv"
    roster = write_csv_roster(tmp_path / "r", households, members)
    assert run("identify", str(roster), "--out", str(out)).exit_code == 0
    rows = read_csv(out)
    assert [(r["poverty_line"], r["monitoring_line"], r["income_poor"]) for r in rows] == [
        ("2800.00", "4200.00", "True"),
        ("3335.00", "5002.50", "False"),
        ("4000.00", "6000.00", "True"),
    ]


def test_policy_option_accepts_a_file_path(tmp_path):
    policy = tmp_path / "county.toml"
    policy.write_text(
        'id = "county-x"\nversion = "7"\ntitle = "County X"\nextends = "cn"\n'
        "[monitoring.line]\n2020 = 8000\n",
        encoding="utf-8",
    )
    roster = write_csv_roster(
        tmp_path / "r", [household_row("H1", wage_local="7000")], [member_row("H1")]
    )
    out = tmp_path / "RESULTS.csv"
    result = run("identify", str(roster), "--out", str(out), "--policy", str(policy))
    assert result.exit_code == 0, result.output
    (row,) = read_csv(out)
    # 7,000 is above 1.5 × 4,000 but below this county's absolute monitoring line of 8,000.
    assert (row["monitoring_line"], row["flags"], row["decision"]) == (
        "8000.00",
        "NEAR_LINE",
        "monitor",
    )
    assert (row["policy_id"], row["policy_version"]) == ("county-x", "7")


def _validations(sheet) -> dict[str, tuple[str, str]]:
    """Column name → (type, formula) of each data validation on a template sheet."""
    header = [c.value for c in sheet[1]]
    letters = {openpyxl.utils.get_column_letter(i + 1): n for i, n in enumerate(header)}
    return {
        letters[str(v.sqref).split(":")[0].rstrip("0123456789")]: (v.type, v.formula1)
        for v in sheet.data_validations.dataValidation
    }


def test_template_has_lists_for_every_enumerated_column_and_notes_for_every_column(tmp_path):
    path = tmp_path / "roster.xlsx"
    assert run("--lang", "en", "identify", "--template", str(path)).exit_code == 0
    workbook = openpyxl.load_workbook(path)
    for sheet, columns, enums in (
        (
            "households",
            col.ALL_HOUSEHOLD_COLUMNS,
            {**col.HOUSEHOLD_ENUMS, **col.OPTIONAL_HOUSEHOLD_ENUMS},
        ),
        ("members", col.ALL_MEMBER_COLUMNS, {**col.MEMBER_ENUMS, **col.OPTIONAL_MEMBER_ENUMS}),
    ):
        header = [c.value for c in workbook[sheet][1]]
        assert sorted(header) == sorted(columns)
        validations = _validations(workbook[sheet])
        lists = {name: formula for name, (kind, formula) in validations.items() if kind == "list"}
        assert lists == {name: '"' + ",".join(values) + '"' for name, values in enums.items()}
    # The optional counts take whole numbers of 0 or more.
    whole = {n for n, (kind, _f) in _validations(workbook["households"]).items() if kind == "whole"}
    assert whole == set(col.COUNT_COLUMNS)
    noted = {(r[0], r[1]) for r in workbook["notes"].iter_rows(min_row=2, values_only=True)}
    expected = {("households", c) for c in col.ALL_HOUSEHOLD_COLUMNS}
    expected |= {("members", c) for c in col.ALL_MEMBER_COLUMNS}
    assert noted == expected
