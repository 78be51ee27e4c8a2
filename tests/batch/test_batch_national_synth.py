"""`fupin synth national`: a partitioned, co-partitioned, valid and deterministic country."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from batch_helpers import read_table
from typer.testing import CliRunner

from fupin.cli import app
from fupin.idnumber import is_valid
from fupin.synth.national import generate_national
from fupin.synth.national_tree import PROVINCES, build_country, tree_counts


def test_tree_is_national_at_national_size() -> None:
    cities, counties, villages = tree_counts(30_000_000)
    assert (cities, counties, villages) == (333, 2800, 500_000)
    country = build_country(30_000_000, seed=1)
    assert len(country.counties) == 2800
    assert 480_000 <= sum(c.villages for c in country.counties) <= 520_000
    assert sum(c.households for c in country.counties) == 30_000_000
    assert len({c.code for c in country.counties}) == 2800


def test_small_country_keeps_every_province(country: Path) -> None:
    households = read_table(country / "households")
    provinces = {code[:2] for code in households["village_code"].to_pylist()}
    assert provinces == {p[0] for p in PROVINCES}
    folders = sorted(p.name for p in (country / "households").iterdir())
    assert folders == sorted(f"province={p[0]}" for p in PROVINCES)


def test_members_sit_in_the_file_of_the_same_name(country: Path) -> None:
    manifest = json.loads((country / "_fupin_dataset.json").read_text())
    assert manifest["layout"] == "co-partitioned"
    files = sorted((country / "households").rglob("*.parquet"))
    assert len(files) >= 31
    for path in files:
        relative = path.relative_to(country / "households")
        own = pq.read_table(path, columns=["household_id"])["household_id"].to_pylist()
        members = pq.read_table(country / "members" / relative, columns=["household_id"])
        assert set(members["household_id"].to_pylist()) == set(own)


def test_ids_are_valid_unique_and_carry_the_county_area(country: Path) -> None:
    members = read_table(country / "members", ("household_id", "id_number", "sex"))
    ids = members["id_number"].to_pylist()
    assert len(set(ids)) == len(ids)
    assert all(is_valid(i) for i in ids)
    owners = members["household_id"].to_pylist()
    assert all(i[:6] == o[:6] for i, o in zip(ids, owners, strict=True))
    odd = np.array([int(i[16]) % 2 == 1 for i in ids])
    assert (odd == (np.array(members["sex"].to_pylist()) == "M")).all()


def test_money_is_decimal_fen(country: Path) -> None:
    households = read_table(country / "households")
    assert str(households.schema.field("wage_local").type) == "decimal128(18, 2)"


@pytest.mark.parametrize("workers", [1, 2])
def test_same_seed_same_country_whatever_the_workers(tmp_path: Path, workers: int) -> None:
    a = generate_national(600, tmp_path / "a", seed=5, workers=1)
    b = generate_national(600, tmp_path / "b", seed=5, workers=workers)
    assert (a.households, a.members) == (b.households, b.members) == (600, a.members)
    left = read_table(tmp_path / "a" / "members").sort_by("id_number")
    right = read_table(tmp_path / "b" / "members").sort_by("id_number")
    assert left.equals(right)


def test_cli_generates_a_country(tmp_path: Path) -> None:
    out = tmp_path / "country"
    result = CliRunner().invoke(
        app, ["--lang", "en", "synth", "national", "--households", "400", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert read_table(out / "households").num_rows == 400
    assert (out / "regions.parquet").is_file()
