"""`fupin batch run --policy auto`: each household under its village's policy, stamps per row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from batch_helpers import aggregate, households_of, write_two_provinces
from typer.testing import CliRunner

from fupin.batch import run_batch
from fupin.cli import app
from fupin.policy import load_policy

NATION = "000000000000"


def _decided(results: Path) -> dict[str, tuple]:
    return {
        row["household_id"]: (row["monitoring_line"], row["decision"], row["policy_id"])
        for row in households_of(results).to_pylist()
    }


def _stamps(results: Path, level: str) -> dict[str, tuple[str, str, str]]:
    return {
        row["code"]: (row["policy_id"], row["policy_version"], row["policy_hash"])
        for row in aggregate(results, level).to_pylist()
    }


@pytest.mark.parametrize("co_partitioned", [True, False], ids=["a-file-per-province", "one-file"])
def test_auto_decides_each_household_under_its_villages_policy(tmp_path, co_partitioned):
    dataset = write_two_provinces(tmp_path / "d", co_partitioned)
    out = tmp_path / "RESULTS"
    report = run_batch(dataset, out, policy="auto", workers=1)
    assert report.problems == 0
    assert _decided(out) == {
        "YN-1": (Decimal("8700.00"), "monitor", "cn-53"),
        "YN-2": (Decimal("8700.00"), "none", "cn-53"),
        "GZ-1": (Decimal("7100.00"), "none", "cn"),
    }
    assert [row["policy_version"] for row in households_of(out).to_pylist()] == ["2026.1"] * 3


def test_the_default_stays_the_national_policy(tmp_path):
    out = tmp_path / "RESULTS"
    run_batch(write_two_provinces(tmp_path / "d"), out, workers=1)
    assert _decided(out) == {
        "YN-1": (Decimal("7100.00"), "none", "cn"),
        "YN-2": (Decimal("7100.00"), "none", "cn"),
        "GZ-1": (Decimal("7100.00"), "none", "cn"),
    }
    cn = ("cn", "2026.1", load_policy("cn").content_hash)
    for level in ("village", "province", "nation"):
        assert set(_stamps(out, level).values()) == {cn}, level


def test_aggregates_carry_one_stamp_or_the_list_of_policies(tmp_path):
    out = tmp_path / "RESULTS"
    run_batch(write_two_provinces(tmp_path / "d"), out, policy="auto", workers=1)
    yunnan = ("cn-53", "2026.1", load_policy("cn-53").content_hash)
    national = ("cn", "2026.1", load_policy("cn").content_hash)
    assert _stamps(out, "village") == {
        "530102001001": yunnan,
        "530102001002": yunnan,
        "520102001001": national,
    }
    assert _stamps(out, "county") == {"520102000000": national, "530102000000": yunnan}
    assert _stamps(out, "province") == {"520000000000": national, "530000000000": yunnan}
    # Households of both policies: the ids, sorted and joined; no version or hash is theirs.
    assert _stamps(out, "nation") == {NATION: ("cn, cn-53", "", "")}
    nation = aggregate(out, "nation").to_pylist()[0]
    assert (nation["households"], nation["households_monitor"], nation["households_none"]) == (
        3,
        1,
        2,
    )
    assert nation["flag_near_line"] == 1


def test_the_command_takes_policy_auto(tmp_path):
    out = tmp_path / "RESULTS"
    dataset = write_two_provinces(tmp_path / "d")
    args = ["--lang", "en", "batch", "run", str(dataset), "--out", str(out), "--policy", "auto"]
    result = CliRunner().invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert _decided(out)["YN-1"] == (Decimal("8700.00"), "monitor", "cn-53")
