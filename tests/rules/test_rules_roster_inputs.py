"""Rosters as county offices really save them: every one decided right or refused at its place."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster

from fupin import i18n
from fupin.cli import run_command
from fupin.rules.roster import RosterReadError, read_roster, validate_roster


@pytest.fixture(autouse=True)
def english():
    i18n.activate("en")
    yield
    i18n.activate(None)


def _roster(tmp_path: Path, count: int = 3) -> tuple[list[dict], list[dict]]:
    households = [household_row(f"H{i}", wage_local=str(3000 + i)) for i in range(count)]
    members = [member_row(f"H{i}", name=f"张{i}") for i in range(count)]
    return households, members


def _csv_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write(folder: Path, households: str, members: str, encoding: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "households.csv").write_bytes(households.encode(encoding))
    (folder / "members.csv").write_bytes(members.encode(encoding))
    return folder


def _refusal(path: Path) -> RosterReadError:
    with pytest.raises(RosterReadError) as refused:
        read_roster(path)
    return refused.value


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gb18030", "GB18030"),
     ("gbk", "GB18030"), ("utf-16", "UTF-16"), ("utf-32", "UTF-32")],
)  # fmt: skip
def test_every_encoding_excel_saves_reads_the_same_cells(tmp_path, encoding, label):
    households, members = _roster(tmp_path)
    expected = read_roster(write_csv_roster(tmp_path / "utf8", households, members))
    folder = _write(tmp_path / encoding, _csv_text(households), _csv_text(members), encoding)
    raw = read_roster(folder)
    # the households sheet is plain ASCII, which is UTF-8 whatever it was saved as
    assert raw.encodings[1] == label and raw.encodings[0] in ("UTF-8", label)
    assert raw.members.to_pydict() == expected.members.to_pydict()
    assert raw.households.to_pydict() == expected.households.to_pydict()
    assert raw.members["name"].to_pylist() == ["张0", "张1", "张2"]


def test_a_damaged_utf8_file_is_refused_at_its_byte_and_row(tmp_path):
    households, members = _roster(tmp_path)
    text = _csv_text(members).encode("utf-8")
    damaged = bytearray(text)
    at = text.index("张1".encode()) + 1  # the middle of a three-byte character, on row 3
    damaged[at] = 0xFF
    folder = _write(tmp_path / "r", _csv_text(households), "", "utf-8")
    (folder / "members.csv").write_bytes(bytes(damaged))
    problem = _refusal(folder).problem
    assert (problem.sheet, problem.row) == ("members", 3)
    # the sequence is bad from its first byte on, the lead byte before the damaged one
    assert f"byte {at - 1}" in problem.message and "UTF-8" in problem.message


def test_utf16_without_a_byte_order_mark_is_refused_not_read_as_nul_text(tmp_path):
    households, members = _roster(tmp_path)
    folder = _write(tmp_path / "r", _csv_text(households), _csv_text(members), "utf-8")
    (folder / "households.csv").write_bytes(_csv_text(households).encode("utf-16-le"))
    problem = _refusal(folder).problem
    assert problem.sheet == "households" and "NUL" in problem.message


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [("household_id", "A", "K"), ("household_id ", "A", "K"), (" year", "C", "K")],
)
def test_duplicate_or_colliding_headers_are_refused_naming_both_columns(
    tmp_path, header, first, second
):
    households, members = _roster(tmp_path)
    text = _csv_text(households).splitlines(keepends=True)
    # insert a column at K (after ten others) whose header collides with an earlier one
    cells = [line.rstrip("\r\n").split(",") for line in text]
    cells[0].insert(10, header)
    for row in cells[1:]:
        row.insert(10, "x")
    content = "\r\n".join(",".join(row) for row in cells) + "\r\n"
    folder = _write(tmp_path / "r", content, _csv_text(members), "utf-8")
    problem = _refusal(folder).problem
    assert (problem.sheet, problem.row, problem.column) == ("households", 1, header.strip())
    assert f"columns {first} and {second}" in problem.message


def test_a_users_own_row_column_and_a_blank_first_line_change_nothing(tmp_path):
    households, members = _roster(tmp_path)
    with_row = [{**h, "_row": "99"} for h in households]
    folder = _write(tmp_path / "r", "\r\n" + _csv_text(with_row), _csv_text(members), "utf-8")
    raw = read_roster(folder)
    assert raw.households["_row"].to_pylist() == [3, 4, 5]  # the header is on row 2
    assert raw.households["household_id"].to_pylist() == ["H0", "H1", "H2"]


@pytest.mark.parametrize("text", ["NA", "N/A", "NaN", "nan", "NULL", "null", "#N/A", "-nan"])
def test_null_words_in_an_amount_are_refused_showing_the_value(tmp_path, cn_policy, text):
    households, members = _roster(tmp_path)
    households[1]["wage_local"] = text
    households[2]["housing_grade"] = text
    folder = write_csv_roster(tmp_path / "r", households, members)
    problems = validate_roster(read_roster(folder), cn_policy).problems
    found = {(p.row, p.column, p.value) for p in problems}
    assert found == {(3, "wage_local", text), (4, "housing_grade", text)}


def test_a_row_with_a_lost_separator_is_refused_at_its_row(tmp_path):
    households, members = _roster(tmp_path)
    lines = _csv_text(households).splitlines(keepends=True)
    lines[2] = lines[2].replace(",", "", 1)  # row 3 loses a separator
    folder = _write(tmp_path / "r", "".join(lines), _csv_text(members), "utf-8")
    problem = _refusal(folder).problem
    assert (problem.sheet, problem.row) == ("households", 3)
    assert "cells where the header has" in problem.message


def _workbook(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    households, members = _roster(tmp_path)
    path = write_xlsx_roster(tmp_path / "roster.xlsx", households, members)
    book = openpyxl.load_workbook(path)
    change(book["households"])
    book.save(path)
    return path


def test_merged_cells_are_refused_naming_the_range(tmp_path):
    path = _workbook(tmp_path, lambda sheet: sheet.merge_cells("I2:I4"))
    problem = _refusal(path).problem
    assert (problem.sheet, problem.column) == ("households", "I2:I4")
    assert "merged" in problem.message


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(tmp_path):
    # openpyxl saves formulas without computing them, like a generator or a script would.
    path = _workbook(tmp_path, lambda sheet: sheet.__setitem__("I3", "=1/0"))
    problem = _refusal(path).problem
    assert (problem.sheet, problem.column) == ("households", "I3")
    assert "formula" in problem.message


def test_a_duplicated_header_in_a_workbook_is_refused(tmp_path):
    path = _workbook(tmp_path, lambda sheet: sheet.cell(row=1, column=30, value="wage_local"))
    problem = _refusal(path).problem
    assert problem.sheet == "households" and "columns I and AD" in problem.message


def test_a_workbook_whose_first_row_is_blank_finds_its_header(tmp_path):
    path = _workbook(tmp_path, lambda sheet: sheet.insert_rows(1))
    raw = read_roster(path)
    assert raw.households["_row"].to_pylist() == [3, 4, 5]
    assert raw.households["wage_local"].to_pylist() == ["3000", "3001", "3002"]


def test_a_refused_run_removes_an_earlier_runs_results(tmp_path):
    households, members = _roster(tmp_path)
    folder = write_csv_roster(tmp_path / "r", households, members)
    out = tmp_path / "RESULTS.csv"
    assert run_command(["--lang", "en", "identify", str(folder), "--out", str(out)]) == 0
    assert out.exists()
    (folder / "members.csv").write_bytes(b"\xff\xfe\x00")  # UTF-16 mark, odd byte count
    assert run_command(["--lang", "en", "identify", str(folder), "--out", str(out)]) == 2
    assert not out.exists()
    errors = (tmp_path / "RESULTS.errors.csv").read_text(encoding="utf-8-sig")
    assert errors.splitlines()[1].startswith("members,1,")


def test_an_internal_fault_exits_3_and_leaves_no_results(tmp_path, monkeypatch, capsys):
    households, members = _roster(tmp_path)
    folder = write_csv_roster(tmp_path / "r", households, members)
    out = tmp_path / "RESULTS.csv"
    assert run_command(["--lang", "en", "identify", str(folder), "--out", str(out)]) == 0

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a fault inside the kernel")

    monkeypatch.setattr("fupin.commands.identify.decide_by_policy", broken)
    capsys.readouterr()
    assert run_command(["--lang", "en", "identify", str(folder), "--out", str(out)]) == 3
    assert not out.exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Internal error (ZeroDivisionError)" in err
