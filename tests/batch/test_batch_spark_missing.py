"""Without PySpark (or pandas), ``--engine spark`` says in one line what to install: no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fupin.batch import run_batch
from fupin.batch.spark import SparkUnavailableError
from fupin.i18n import override
from fupin.synth.national import generate_national

# Runs the CLI with one top-level package made impossible to import, as if it were not installed.
BLOCKER = """\
import sys

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Blocker())
from fupin.cli import main

main()
"""
EXPECTED = {
    "en": "the Spark engine needs {package} or later: pip install 'fupin[spark]'",
    "zh-hans": "Spark 引擎需要 {package} 或更高版本：pip install 'fupin[spark]'",
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200-household dataset (under a second to make)."""
    out = tmp_path_factory.mktemp("tiny") / "DS"
    generate_national(200, out, seed=7, workers=1)
    return out


def _without(blocked: str, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKER.format(blocked=blocked), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    env.update(COLUMNS="40", NO_COLOR="1")  # narrow: the line must not be wrapped either
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("blocked", "package"), [("pyspark", "PySpark 4.0"), ("pandas", "pandas 2.2")]
)
def test_a_missing_package_is_one_translated_line(
    blocked: str, package: str, lang: str, tiny: Path, tmp_path: Path
) -> None:
    args = ["--lang", lang, "batch", "run", str(tiny), "--out", str(tmp_path / "R")]
    done = _without(blocked, [*args, "--engine", "spark"], tmp_path)
    expected = EXPECTED[lang].format(package=package)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr == expected + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked.py"]  # no R, no staging


def test_too_old_a_pyspark_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No dataset at all: the engine is checked first, so its error comes before the dataset's.
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "3.5.1" if name == "pyspark" else real(name)
    )
    with override("en"), pytest.raises(SparkUnavailableError, match=r"needs PySpark 4\.0 or"):
        run_batch(tmp_path / "DS", tmp_path / "R", engine="spark")
    assert list(tmp_path.iterdir()) == []
