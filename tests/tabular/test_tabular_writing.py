"""Lists written as CSV (UTF-8 with BOM) and xlsx: every cell comes back, formulas stay text,
and a failed write leaves the earlier file alone."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fupin.tabular.writing import write_rows

HEADER = ["户编号", "户主", "members", "since"]
ROWS = [["H-1", "张三", 3, dt.date(2026, 3, 1)], ["H-2", None, 0, None]]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _xlsx_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path, read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_csv_starts_with_a_byte_order_mark_and_holds_every_row(tmp_path):
    out = tmp_path / "list.csv"
    assert write_rows(out, "csv", HEADER, ROWS) == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _csv_rows(out) == [HEADER, ["H-1", "张三", "3", "2026-03-01"], ["H-2", "", "0", ""]]


def test_xlsx_keeps_numbers_as_numbers_and_names_the_sheet(tmp_path):
    out = tmp_path / "list.xlsx"
    assert write_rows(out, "xlsx", HEADER, ROWS, title="households") == 2
    workbook = load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["households"]
    rows = _xlsx_rows(out)
    assert rows[0] == HEADER
    assert rows[1][:3] == ["H-1", "张三", 3] and rows[1][3].date() == dt.date(2026, 3, 1)
    assert rows[2][:3] == ["H-2", None, 0] and rows[2][3:] in (
        [],
        [None],
    )  # a blank end is left out


def test_text_that_would_be_a_formula_stays_text(tmp_path):
    typed = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain"]
    write_rows(tmp_path / "list.csv", "csv", ["a", "b", "c", "d", "e"], [typed])
    assert _csv_rows(tmp_path / "list.csv")[1] == ["'" + t for t in typed[:4]] + ["plain"]
    write_rows(tmp_path / "list.xlsx", "xlsx", ["a", "b", "c", "d", "e"], [typed])
    sheet = load_workbook(tmp_path / "list.xlsx").worksheets[0]
    assert [cell.value for cell in sheet[2]] == typed
    assert {cell.data_type for cell in sheet[2]} == {"s"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_failure_midway_leaves_the_earlier_file(tmp_path, fmt):
    out = tmp_path / f"list.{fmt}"
    write_rows(out, fmt, ["a"], [["before"]])
    earlier = out.read_bytes()

    def rows():
        yield ["one"]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_rows(out, fmt, ["a"], rows())
    assert out.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="csv, xlsx"):
        write_rows(tmp_path / "list.ods", "ods", ["a"], [])


SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    min_size=1,
    max_size=30,
).filter(lambda t: not t.startswith(("=", "+", "-", "@", "\t")))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(SAFE_TEXT, min_size=3, max_size=3), max_size=8))
def test_any_text_comes_back_as_written(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rows")
    write_rows(folder / "list.csv", "csv", ["a", "b", "c"], rows)
    assert _csv_rows(folder / "list.csv")[1:] == rows
    write_rows(folder / "list.xlsx", "xlsx", ["a", "b", "c"], rows)
    # A workbook holds no control characters: each comes back as a space, and nothing else moves.
    assert _xlsx_rows(folder / "list.xlsx")[1:] == [[CONTROL.sub(" ", c) for c in r] for r in rows]


def test_a_workbook_whose_sheet_does_not_inflate_is_refused_by_name(tmp_path):
    import zipfile

    from fupin.tabular import TableError, read_xlsx_tables

    out = tmp_path / "list.xlsx"
    write_rows(out, "xlsx", ["a"], [[f"row {i} " * 20] for i in range(400)], title="households")
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 40, start + 40 + 64):  # the middle of the deflate stream
        data[at] ^= 0x5A
    out.write_bytes(bytes(data))
    with pytest.raises(TableError) as refused:
        read_xlsx_tables(out, ["households"])
    assert refused.value.sheet == "households"
