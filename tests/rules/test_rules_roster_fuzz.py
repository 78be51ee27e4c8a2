"""Mutated rosters never crash `fupin identify`: exit 0, 1 or 2, nothing written on refusal, and
every reported problem names its sheet with a row or a column (or is about the whole file)."""

from __future__ import annotations

import csv
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_builders import household_row, member_row, write_csv_roster, write_xlsx_roster

from fupin.cli import run_command

NOISE = [b",", b"\n", b"\r\n", b'"', b"\xff", b"\x00", b"\xef\xbb\xbf", b"NA", b" ", "张".encode()]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    """One of the damages a roster meets on its way: a byte flipped, lost or added, a line
    repeated or lost, the file cut short or re-encoded."""
    kind = rng.randrange(7)
    at = rng.randrange(len(data) + 1)
    if kind == 0 and data:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if kind == 1:
        return data[:at] + data[at + 1 :]
    if kind == 2:
        return data[:at] + rng.choice(NOISE) + data[at:]
    lines = data.splitlines(keepends=True)
    if kind == 3 and lines:
        line = rng.randrange(len(lines))
        return b"".join(lines[: line + 1] + lines[line:])
    if kind == 4 and lines:
        line = rng.randrange(len(lines))
        return b"".join(lines[:line] + lines[line + 1 :])
    if kind == 5:
        return data[:at]
    try:
        return data.decode("utf-8").encode(rng.choice(["gb18030", "utf-16", "utf-8-sig"]))
    except UnicodeDecodeError:
        return data


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("roster")
    households = [household_row(f"H{i}", wage_local=str(2000 + 700 * i)) for i in range(5)]
    members = [member_row(f"H{i}", name=f"李{i}") for i in range(5)]
    write_csv_roster(folder, households, members)
    write_xlsx_roster(folder / "roster.xlsx", households, members)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _check_run(target: Path, out: Path) -> None:
    code = run_command(["--lang", "en", "identify", str(target), "--out", str(out)])
    assert code in (0, 1, 2)
    errors = out.with_name("RESULTS.errors.csv")
    if code == 2:
        assert not out.exists()  # nothing written on refusal
    else:
        assert out.exists()
    if code in (1, 2):
        with errors.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows
        for row in rows:
            assert row["sheet"], row
            assert row["row"] != "0", row  # a row number is a real row, or empty for the file


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), sheet=st.sampled_from(["households.csv", "members.csv"]),
       rounds=st.integers(1, 3))  # fmt: skip
def test_a_mutated_csv_roster_is_decided_or_refused_never_crashes(
    roster, tmp_path_factory, seed, sheet, rounds
):
    rng = random.Random(seed)
    folder = tmp_path_factory.mktemp("csv")
    for name in ("households.csv", "members.csv"):
        data = roster[name]
        if name == sheet:
            for _ in range(rounds):
                data = _mutate(data, rng)
        (folder / name).write_bytes(data)
    _check_run(folder, folder / "RESULTS.csv")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), inside=st.booleans())
def test_a_damaged_workbook_is_decided_or_refused_never_crashes(
    roster, tmp_path_factory, seed, inside
):
    rng = random.Random(seed)
    folder = tmp_path_factory.mktemp("xlsx")
    path = folder / "roster.xlsx"
    if inside:  # damage the sheet's XML itself, the zip still whole
        source = folder / "source.xlsx"
        source.write_bytes(roster["roster.xlsx"])
        with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as damaged:
            for item in original.infolist():
                data = original.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = _mutate(data, rng)
                damaged.writestr(item, data)
    else:
        path.write_bytes(_mutate(roster["roster.xlsx"], rng))
    _check_run(path, folder / "RESULTS.csv")
