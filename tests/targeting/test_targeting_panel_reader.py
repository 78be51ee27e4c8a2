"""Reading a panel from the roster format: CSV and xlsx agree, bad values are named once."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pytest

from fupin.synth.panel import SynthPanel, demo_panel
from fupin.synth.panel_io import write_panel
from fupin.targeting.panel_reader import PanelValueError, read_panel


@pytest.fixture(scope="module")
def tiny_synth() -> SynthPanel:
    """About 260 households over 2014–2016."""
    return demo_panel(seed=4, scale=0.002, years=range(2014, 2017))


def test_csv_and_xlsx_give_the_same_panel(tiny_synth, policy, tmp_path: Path) -> None:
    from_csv = read_panel(write_panel(tiny_synth, tmp_path / "panel"), policy)
    from_xlsx = read_panel(write_panel(tiny_synth, tmp_path / "panel.xlsx"), policy)
    assert from_csv.years == from_xlsx.years == (2014, 2015, 2016)
    assert from_csv.households.equals(from_xlsx.households)
    assert from_csv.members.equals(from_xlsx.members)


def test_read_panel_keeps_the_generated_values(tiny_synth, policy, tmp_path: Path) -> None:
    panel = read_panel(write_panel(tiny_synth, tmp_path / "panel"), policy)
    assert panel.households["wage_migrant"].equals(tiny_synth.households["wage_migrant"])
    assert panel.members["left_year"].to_pylist() == tiny_synth.members["left_year"].to_pylist()
    households, members = panel.year(2016)
    born_later = pc.greater(pc.utf8_slice_codeunits(members["birth_date"], 0, 4), "2016")
    assert not any(born_later.to_pylist())


def _edit(path: Path, sheet: str, row: int, column: str, value: str) -> None:
    file = path / f"{sheet}.csv"
    lines = file.read_text(encoding="utf-8").splitlines()
    header = [name.strip('"') for name in lines[0].split(",")]
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_bad_member_value_is_reported_once_with_its_place(
    tiny_synth, policy, tmp_path: Path
) -> None:
    folder = write_panel(tiny_synth, tmp_path / "panel")
    _edit(folder, "members", 3, "health", "poorly")
    _edit(folder, "members", 4, "left_year", "soon")
    _edit(folder, "households", 7, "housing_grade", "Z")
    with pytest.raises(PanelValueError) as caught:
        read_panel(folder, policy)
    places = [(p.sheet, p.row, p.column) for p in caught.value.roster_problems]
    assert places.count(("members", 3, "health")) == 1
    assert ("members", 4, "left_year") in places
    assert ("households", 7, "housing_grade") in places


def test_a_household_without_members_in_a_year_is_named(tiny_synth, policy, tmp_path: Path) -> None:
    folder = write_panel(tiny_synth, tmp_path / "panel")
    # Give every member of the first household a left_year of 2015: it has nobody in 2015.
    lines = (folder / "members.csv").read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")[0]
    edited = [lines[0]] + [
        line[: line.rfind(",")] + ",2015" if line.split(",")[0] == first else line
        for line in lines[1:]
    ]
    (folder / "members.csv").write_text("\n".join(edited) + "\n", encoding="utf-8")
    with pytest.raises(PanelValueError) as caught:
        read_panel(folder, policy)
    assert any(p.household_id == first.strip('"') for p in caught.value.roster_problems)
