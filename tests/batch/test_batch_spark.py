"""The Spark engine (local mode) gives the local engine's results and aggregates, row by row."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_helpers import aggregate, households_of, roster_tables, write_scattered

from fupin.batch import run_batch
from fupin.batch.aggregates import LEVELS

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17"),
]


@pytest.fixture(scope="module", autouse=True)
def spark_python() -> Iterator[None]:
    """Spark's Python workers run the venv's interpreter; the session is stopped afterwards."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    yield
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def test_spark_equals_local_on_a_scattered_dataset(
    country: Path, country_results: Path, tmp_path: Path
) -> None:
    # Members scattered over files unrelated to their households: Spark must bring them together.
    households, members = roster_tables(country)
    scattered = write_scattered(households, members, tmp_path / "scattered", 3, seed=11)
    out = tmp_path / "RESULTS"
    report = run_batch(scattered, out, engine="spark", spark_master="local[2]")
    assert report.problems == 0
    spark_rows = households_of(out)
    local_rows = households_of(country_results)
    assert spark_rows.schema == local_rows.schema
    assert spark_rows.num_rows == local_rows.num_rows
    for spark_row, local_row in zip(spark_rows.to_pylist(), local_rows.to_pylist(), strict=True):
        assert spark_row == local_row
    for level in LEVELS:
        assert aggregate(out, level).equals(aggregate(country_results, level)), level


def test_spark_reports_bad_rows(country: Path, tmp_path: Path) -> None:
    households, members = roster_tables(country)
    statuses = households["registered_status"].to_pylist()
    statuses[2] = "rich"
    import pyarrow as pa

    households = households.set_column(
        households.schema.get_field_index("registered_status"),
        "registered_status",
        pa.array(statuses),
    )
    dataset = write_scattered(households, members, tmp_path / "d", 2, seed=5)
    out = tmp_path / "RESULTS"
    report = run_batch(dataset, out, engine="spark", spark_master="local[2]")
    errors = pq.read_table(out / "errors" / "errors.parquet").to_pylist()
    assert report.problems == 1
    assert errors[0]["message"] == "unknown value; one of: none, poor, exited"
    assert errors[0]["value"] == "rich"
    assert errors[0]["file"].startswith("part=")
    assert households_of(out).num_rows == households.num_rows - 1


def test_spark_reports_repeats_across_files_like_local(country: Path, tmp_path: Path) -> None:
    from batch_helpers import plant_repeats

    from fupin.i18n import override

    plant = plant_repeats(country, tmp_path / "d")
    # In Chinese: Spark's Python workers must take the run's language, as the local engine's do.
    with override("zh-hans"):
        run_batch(tmp_path / "d", tmp_path / "local", workers=2)
        report = run_batch(
            tmp_path / "d", tmp_path / "spark", engine="spark", spark_master="local[2]"
        )
    spark_errors = pq.read_table(tmp_path / "spark" / "errors" / "errors.parquet").to_pylist()
    local_errors = pq.read_table(tmp_path / "local" / "errors" / "errors.parquet").to_pylist()
    assert report.problems == 2
    assert [(e["file"], e["row"], e["household_id"]) for e in spark_errors] == plant["repeats"]
    expected = f"身份证号码重复；首次出现在 {plant['first_file']} 第 6 行"
    assert {e["message"] for e in spark_errors} == {expected}
    assert spark_errors == local_errors
    assert households_of(tmp_path / "spark").equals(households_of(tmp_path / "local"))


def test_spark_reads_files_that_store_money_differently(
    country: Path, country_results: Path, tmp_path: Path
) -> None:
    # One households file with decimal yuan, the other with int64 fen: Spark cannot read them as
    # one table, so it reads each kind apart and turns the money into the roster's text.
    import pyarrow as pa
    import pyarrow.compute as pc

    from fupin.rules import columns as col

    households, members = roster_tables(country)
    half = households.num_rows // 2
    fen = households.slice(half)
    for name in (*col.MONEY_COLUMNS, col.PREVIOUS_INCOME_COLUMN):
        values = pc.cast(pc.multiply(fen[name], 100), pa.int64())
        fen = fen.set_column(fen.schema.get_field_index(name), name, values)
    for folder, parts in (("households", [households.slice(0, half), fen]), ("members", [members])):
        (tmp_path / "d" / folder).mkdir(parents=True)
        for k, part in enumerate(parts):
            pq.write_table(part, tmp_path / "d" / folder / f"part-{k}.parquet")
    report = run_batch(tmp_path / "d", tmp_path / "spark", engine="spark", spark_master="local[2]")
    assert report.problems == 0
    assert households_of(tmp_path / "spark").equals(households_of(country_results))
    for level in LEVELS:
        assert aggregate(tmp_path / "spark", level).equals(aggregate(country_results, level))


def test_spark_decides_each_household_under_its_villages_policy_like_local(tmp_path: Path) -> None:
    # Under --policy auto, each Spark bucket groups its households by policy as the local engine
    # does: the same decisions, per-row stamps and aggregate stamps, row by row.
    from decimal import Decimal

    from batch_helpers import write_two_provinces

    dataset = write_two_provinces(tmp_path / "d")
    run_batch(dataset, tmp_path / "local", policy="auto", workers=1)
    report = run_batch(
        dataset, tmp_path / "spark", engine="spark", policy="auto", spark_master="local[2]"
    )
    assert report.problems == 0
    spark_rows = households_of(tmp_path / "spark")
    assert [
        (r["household_id"], r["monitoring_line"], r["policy_id"]) for r in spark_rows.to_pylist()
    ] == [
        ("GZ-1", Decimal("7100.00"), "cn"),
        ("YN-1", Decimal("8700.00"), "cn-53"),
        ("YN-2", Decimal("8700.00"), "cn-53"),
    ]
    assert spark_rows.equals(households_of(tmp_path / "local"))
    for level in LEVELS:
        assert aggregate(tmp_path / "spark", level).equals(aggregate(tmp_path / "local", level))
    assert aggregate(tmp_path / "spark", "nation")["policy_id"].to_pylist() == ["cn, cn-53"]
