"""`fupin identify` end to end through Typer's CliRunner, in both languages."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster
from typer.testing import CliRunner

from fupin.cli import app

RESULT_HEADER = [
    "household_id", "size", "net_income", "per_capita_net_income", "poverty_line",
    "monitoring_line", "income_poor", "guarantee_gaps", "flags", "decision", "reasons",
    "policy_id", "policy_version", "policy_hash",
]  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def good_rows():
    households = [
        household_row("H1", wage_local="3000", registered_status="none"),
        household_row("H2", wage_local="9000", registered_status="poor", housing_grade="C"),
        household_row("H3", wage_local="30000", registered_status="exited"),
    ]
    members = [
        member_row("H1"),
        member_row("H1", relation="child", birth=dt.date(2012, 2, 2), in_school="no", labour_ability="none"),
        member_row("H2"),
        member_row("H3"),
    ]  # fmt: skip
    return households, members


def test_decides_a_csv_roster_in_english(tmp_path):
    roster = write_csv_roster(tmp_path / "roster", *good_rows())
    out = tmp_path / "out" / "RESULTS.csv"
    result = run("--lang", "en", "identify", str(roster), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0]) == RESULT_HEADER
    assert [(r["household_id"], r["decision"]) for r in rows] == [
        ("H1", "identify"), ("H2", "remain"), ("H3", "stable"),
    ]  # fmt: skip
    h1 = rows[0]
    # 3,000 for two people: 1,500.00 each, 2,500.00 below the 2020 line of 4,000.00.
    assert (h1["size"], h1["net_income"], h1["per_capita_net_income"]) == (
        "2",
        "3000.00",
        "1500.00",
    )
    assert (h1["poverty_line"], h1["monitoring_line"], h1["income_poor"]) == (
        "4000.00",
        "6000.00",
        "True",
    )
    assert h1["guarantee_gaps"] == "EDUCATION"
    assert "2,500.00 yuan below the poverty line of 4,000.00 yuan" in h1["reasons"]
    assert rows[1]["reasons"].startswith("Decision: remains a registered poor household.")
    assert "Housing is graded C" in rows[1]["reasons"]
    assert not (tmp_path / "out" / "RESULTS.errors.csv").exists()


def test_reasons_in_chinese(tmp_path):
    roster = write_csv_roster(tmp_path / "roster", *good_rows())
    out = tmp_path / "RESULTS.csv"
    result = run("--lang", "zh-hans", "identify", str(roster), "--out", str(out))
    assert result.exit_code == 0, result.output
    h1 = read_csv(out)[0]
    assert h1["reasons"].startswith("结论：识别为贫困户。")
    assert "低于贫困线 4,000.00 元 2,500.00 元" in h1["reasons"]
    assert "1 名适龄儿童未在校就读" in h1["reasons"]


def test_xlsx_and_csv_rosters_give_identical_results(tmp_path):
    households, members = good_rows()
    households.append(
        household_row(
            "H4",
            wage_local="4799.99",
            transfer_relief="0.01",
            previous_per_capita_net_income="9000.5",
        )
    )
    members.append(member_row("H4", sex="F", birth=dt.date(1950, 1, 1)))
    csv_out, xlsx_out = tmp_path / "a.csv", tmp_path / "b.csv"
    run(
        "identify",
        str(write_csv_roster(tmp_path / "roster", households, members)),
        "--out",
        str(csv_out),
    )
    run(
        "identify",
        str(write_xlsx_roster(tmp_path / "roster.xlsx", households, members)),
        "--out",
        str(xlsx_out),
    )
    assert csv_out.read_bytes() == xlsx_out.read_bytes()
    assert len(read_csv(csv_out)) == 4


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_invalid_roster_is_refused_whole(tmp_path, lang):
    households, members = good_rows()
    households[1]["wage_local"] = "abc"
    members[3]["sex"] = "F"
    roster = write_csv_roster(tmp_path / "roster", households, members)
    out = tmp_path / "RESULTS.csv"
    out.write_text("stale", encoding="utf-8")
    result = run("--lang", lang, "identify", str(roster), "--out", str(out))
    assert result.exit_code == 2
    assert not out.exists()
    errors = read_csv(tmp_path / "RESULTS.errors.csv")
    assert [(e["sheet"], e["row"], e["column"], e["value"]) for e in errors] == [
        ("households", "3", "wage_local", "abc"),
        ("members", "5", "sex", "F"),
    ]
    summary = "花名册中发现 2 个问题" if lang == "zh-hans" else "2 problem(s) found in the roster"
    assert summary in result.output


def test_skip_invalid_decides_the_rest_and_exits_1(tmp_path):
    households, members = good_rows()
    households[1]["year"] = "1999"
    roster = write_csv_roster(tmp_path / "roster", households, members)
    out = tmp_path / "RESULTS.csv"
    result = run("--lang", "en", "identify", str(roster), "--out", str(out), "--skip-invalid")
    assert result.exit_code == 1
    assert [r["household_id"] for r in read_csv(out)] == ["H1", "H3"]
    errors = read_csv(tmp_path / "RESULTS.errors.csv")
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("households", "3", "year")]


def test_missing_column_is_refused_even_with_skip_invalid(tmp_path):
    households, members = good_rows()
    for row in members:
        del row["medical_insurance"]
    roster = write_csv_roster(tmp_path / "roster", households, members)
    out = tmp_path / "RESULTS.csv"
    result = run("--lang", "en", "identify", str(roster), "--out", str(out), "--skip-invalid")
    assert result.exit_code == 2 and not out.exists()
    errors = read_csv(tmp_path / "RESULTS.errors.csv")
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [
        ("members", "1", "medical_insurance")
    ]


def test_unknown_policy_and_missing_roster_exit_2(tmp_path):
    roster = write_csv_roster(tmp_path / "roster", *good_rows())
    out = tmp_path / "RESULTS.csv"
    assert run("identify", str(roster), "--out", str(out), "--policy", "atlantis").exit_code == 2
    assert run("identify", str(tmp_path / "none.xlsx"), "--out", str(out)).exit_code == 2
    assert run("identify").exit_code == 2


def test_policy_file_option(tmp_path):
    from fupin.policy import bundled_policies

    assert "cn-53" in bundled_policies()
    roster = write_csv_roster(tmp_path / "roster", *good_rows())
    out = tmp_path / "RESULTS.csv"
    assert run("identify", str(roster), "--out", str(out), "--policy", "cn-53").exit_code == 0
    assert {r["policy_id"] for r in read_csv(out)} == {"cn-53"}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_template_workbook(tmp_path, lang):
    path = tmp_path / "roster.xlsx"
    result = run("--lang", lang, "identify", "--template", str(path))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["households", "members", "notes"]
    header = [c.value for c in workbook["members"][1]]
    assert header[:3] == ["household_id", "id_number", "name"]
    lists = {
        str(v.sqref).split(":")[0][:-1]: v.formula1
        for v in workbook["members"].data_validations.dataValidation
        if v.type == "list"
    }
    column_of = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(header)}
    assert lists[column_of["relation"]] == '"head,spouse,child,parent,grandchild,sibling,other"'
    assert lists[column_of["sex"]] == '"M,F"'
    notes = [[c.value for c in row] for row in workbook["notes"].iter_rows(min_row=2)]
    assert len(notes) == len([c for c in workbook["households"][1]]) + len(header)
    if lang == "zh-hans":
        assert "18 位居民身份证号码" in dict((r[1], r[2]) for r in notes)["id_number"]


def test_template_round_trips_as_an_empty_roster(tmp_path):
    path = tmp_path / "roster.xlsx"
    run("identify", "--template", str(path))
    result = run("identify", str(path), "--out", str(tmp_path / "RESULTS.csv"))
    assert result.exit_code == 0
    assert read_csv(tmp_path / "RESULTS.csv") == []
