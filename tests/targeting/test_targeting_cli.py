"""`fupin monitor train / score / evaluate` end to end through typer's CliRunner."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from fupin.cli import app
from fupin.synth.panel_io import write_panel

runner = CliRunner()


@pytest.fixture(scope="module")
def panel_dir(synth_panel, tmp_path_factory) -> Path:
    return write_panel(synth_panel, tmp_path_factory.mktemp("panel") / "panel")


@pytest.fixture(scope="module")
def model_path(panel_dir: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model") / "model.json"
    result = runner.invoke(
        app,
        ["--lang", "en", "monitor", "train", str(panel_dir), "--out", str(out), "--until", "2018"],
    )
    assert result.exit_code == 0, result.output
    assert "outcome years 2015, 2016, 2017, 2018" in result.output
    return out


def test_score_writes_the_published_columns(
    panel_dir: Path, model_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "scores.csv"
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "monitor",
            "score",
            str(panel_dir),
            "--model",
            str(model_path),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["household_id", "risk", "rule_flags", "top_factors", "alert"]
    assert len(rows) == 2600
    assert all(0 <= float(r["risk"]) <= 1 for r in rows)
    assert {r["alert"] for r in rows} == {"True", "False"}
    assert all(len(r["top_factors"].split(";")) == 3 for r in rows)


def test_evaluate_reports_model_and_rules(panel_dir: Path, model_path: Path) -> None:
    result = runner.invoke(
        app, ["--lang", "en", "monitor", "evaluate", str(panel_dir), "--model", str(model_path)]
    )
    assert result.exit_code == 0, result.output
    for text in (
        "2019, 2020",
        "AUC",
        "recall at the scale",
        "Brier score",
        "calibration error",
        "Reliability",
    ):
        assert text in result.output


def test_evaluate_in_chinese(panel_dir: Path, model_path: Path) -> None:
    result = runner.invoke(
        app,
        ["--lang", "zh-hans", "monitor", "evaluate", str(panel_dir), "--model", str(model_path)],
    )
    assert result.exit_code == 0, result.output
    assert "召回率" in result.output


def test_evaluate_refuses_when_every_year_was_seen(panel_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert (
        runner.invoke(app, ["monitor", "train", str(panel_dir), "--out", str(out)]).exit_code == 0
    )
    result = runner.invoke(
        app, ["--lang", "en", "monitor", "evaluate", str(panel_dir), "--model", str(out)]
    )
    assert result.exit_code == 2
    assert "--until" in result.output


def test_a_panel_with_a_missing_year_is_refused(panel_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    households = pacsv.read_csv(
        panel_dir / "households.csv",
        convert_options=pacsv.ConvertOptions(
            column_types={"household_id": pa.string(), "village_code": pa.string()}
        ),
    )
    kept = households.filter(pa.compute.not_equal(households["year"], 2017))
    pacsv.write_csv(kept, broken / "households.csv")
    (broken / "members.csv").write_bytes((panel_dir / "members.csv").read_bytes())
    result = runner.invoke(
        app, ["--lang", "en", "monitor", "train", str(broken), "--out", str(tmp_path / "m.json")]
    )
    assert result.exit_code == 2
    assert "gaps in years" in result.output and "2017" in result.output
    assert not (tmp_path / "m.json").exists()


def test_invalid_values_are_reported_with_their_place(
    panel_dir: Path, model_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "bad"
    broken.mkdir()
    lines = (panel_dir / "households.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index('"wage_local"')] = "-5"
    lines[5] = ",".join(cells)
    (broken / "households.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (broken / "members.csv").write_bytes((panel_dir / "members.csv").read_bytes())
    out = tmp_path / "scores.csv"
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "monitor",
            "score",
            str(broken),
            "--model",
            str(model_path),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "households row 6, wage_local" in result.output
    assert not out.exists()
    assert (tmp_path / "scores.errors.csv").exists()


def test_a_file_that_is_not_a_model_is_refused(panel_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{}")
    result = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "monitor",
            "score",
            str(panel_dir),
            "--model",
            str(bogus),
            "--out",
            str(tmp_path / "s.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "not a Fupin return-risk model" in result.output


def test_demo_panel_command_writes_a_panel_that_trains(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = runner.invoke(
        app, ["--lang", "en", "monitor", "panel", "--out", str(folder), "--scale", "0.005"]
    )
    assert result.exit_code == 0, result.output
    assert "2014–2020" in result.output
    assert {p.name for p in folder.iterdir()} == {"households.csv", "members.csv", "shocks.csv"}
    trained = runner.invoke(
        app, ["monitor", "train", str(folder), "--out", str(tmp_path / "m.json")]
    )
    assert trained.exit_code == 0, trained.output


def test_demo_panel_command_refuses_unknown_years(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--lang", "en", "monitor", "panel", "--out", str(tmp_path / "x"), "--to", "2030"]
    )
    assert result.exit_code == 2
    assert "got 2027" in result.output  # the first year without a poverty line


def test_demo_panel_command_refuses_reversed_years(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "--lang",
            "zh-hans",
            "monitor",
            "panel",
            "--out",
            str(tmp_path / "x"),
            "--from",
            "2018",
            "--to",
            "2016",
        ],
    )
    assert result.exit_code == 2
    assert "--from 2018 晚于 --to 2016" in result.output
