"""``pip install 'fupin[spark]'`` into a fresh virtualenv is all ``--engine spark`` needs (slow).

The other Spark tests run in the development environment, which has pandas and PyArrow for
other reasons; this one installs Fupin as a user would, with the ``spark`` extra only, and runs
a tiny national batch on Spark and on the local engine in that environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import households_of

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17"),
]

ROOT = Path(__file__).resolve().parents[2]
# Nothing of the test's own environment may leak in: its source tree, its interpreter for Spark.
LEAKS = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")


def _run(args: list[str | Path], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, timeout=timeout
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stderr[-4000:]}"
    return done.stdout


def test_the_spark_extra_alone_runs_a_spark_batch(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in LEAKS}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "200"
    # The interpreter behind this one (sys.executable may be a venv's), without its packages.
    _run([sys.executable, "-m", "venv", venv], env, timeout=300)
    python = venv / "bin" / "python"
    # pip's own cache (the user's) is kept: a second run downloads nothing.
    _run([python, "-m", "pip", "install", "--quiet", f"{ROOT}[spark]"], env, timeout=3600)
    _run([python, "-m", "pip", "check"], env, timeout=300)
    fupin = venv / "bin" / "fupin"
    dataset, spark, local = tmp_path / "DS", tmp_path / "spark", tmp_path / "local"
    _run([fupin, "synth", "national", "--households", "200", "--out", dataset], env, 600)
    summary = _run(
        [fupin, "--lang", "en", "batch", "run", dataset, "--out", spark,
         "--engine", "spark", "--spark-master", "local[2]"],
        env, 900,
    )  # fmt: skip
    _run([fupin, "batch", "run", dataset, "--out", local, "--workers", "2"], env, 600)
    assert "Batch run (spark, spark shuffle)" in summary
    decided = households_of(spark)
    assert decided.num_rows == 200
    assert decided.equals(households_of(local))
