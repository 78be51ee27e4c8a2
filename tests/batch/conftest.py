"""Fixtures of the batch tests: a small synthetic country, generated once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from fupin.synth.national import generate_national

SMALL_COUNTRY = 1_500


def pytest_configure(config: pytest.Config) -> None:
    """Registers the ``spark`` marker (select with -m spark, skip with -m 'not spark')."""
    config.addinivalue_line("markers", "spark: runs Apache Spark in local mode (Java 17, ~30 s)")


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,500-household synthetic country (31 provinces, co-partitioned files)."""
    out = tmp_path_factory.mktemp("country") / "dataset"
    generate_national(SMALL_COUNTRY, out, seed=7, workers=1)
    return out


@pytest.fixture(scope="session")
def country_results(country: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local engine's RESULTS for the small country."""
    from fupin.batch import run_batch

    out = tmp_path_factory.mktemp("results") / "RESULTS"
    run_batch(country, out, engine="local", workers=2)
    return out
