"""`fupin synth county`: writes the formats, checks its arguments, speaks both languages."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fupin import i18n
from fupin.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _keep_language():
    """`--lang` sets the process's language; put it back for the tests that follow."""
    with i18n.override(i18n.get_language()):
        yield


def test_writes_parquet_dataset(tmp_path) -> None:
    result = runner.invoke(
        app, ["--lang", "en", "synth", "county", "--out", str(tmp_path), "--scale", "0.002"]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "households").num_rows == 260
    assert (tmp_path / "regions.parquet").exists()
    assert "Residents" in result.output


def test_writes_csv_roster_and_summary_in_chinese(tmp_path) -> None:
    result = runner.invoke(
        app,
        [
            "--lang",
            "zh-hans",
            "synth",
            "county",
            "--out",
            str(tmp_path),
            "--scale",
            "0.002",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "households.csv").exists() and (tmp_path / "members.csv").exists()
    assert "户数" in result.output and "人均纯收入均值" in result.output


def test_writes_xlsx_into_a_folder(tmp_path) -> None:
    result = runner.invoke(
        app, ["synth", "county", "--out", str(tmp_path), "--scale", "0.001", "--format", "xlsx"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "roster.xlsx").exists()


def test_refuses_unknown_format_and_missing_destination(tmp_path) -> None:
    bad_format = runner.invoke(app, ["synth", "county", "--out", str(tmp_path), "--format", "json"])
    no_destination = runner.invoke(app, ["synth", "county", "--scale", "0.001"])
    bad_scale = runner.invoke(app, ["synth", "county", "--out", str(tmp_path), "--scale", "0"])
    assert bad_format.exit_code == 2 and "--format" in bad_format.output
    assert no_destination.exit_code == 2 and "--out" in no_destination.output
    assert bad_scale.exit_code == 2 and not any(tmp_path.iterdir())


def test_db_option_hands_the_county_to_the_registry_loader(monkeypatch) -> None:
    import fupin.registry.services.loader as loader

    received = []

    def fake_load(county, progress=None):
        received.append(county)
        progress("households", county.households.num_rows, county.households.num_rows)

    monkeypatch.setattr(loader, "load_county", fake_load)
    result = runner.invoke(app, ["synth", "county", "--db", "--scale", "0.001", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert len(received) == 1 and received[0].seed == 4 and received[0].households.num_rows == 130
