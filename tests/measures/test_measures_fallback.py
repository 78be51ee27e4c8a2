"""The measures under the plain-numba fallbacks of the LLVM intrinsics: the same bits, chosen
when the intrinsics' check fails.

The set of intrinsics is chosen once per process, so each set runs in a fresh process: every
additive and moment measure over sizes around the packing blocks, chunks and thread parts, three
poverty lines, with and without weights, must give bit-identical results (or the same error) under
FUPIN_MEASURES_INTRINSICS=fallback as under the intrinsics. An LLVM that does not know an
intrinsic's name crashes the compiling process: the check runs in a child process, and such a
crash must leave the caller on the fallbacks, with a warning.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fupin.measures._intrinsics import SETTING

VALUES = """
import json
import numpy as np
from fupin import measures as m
from fupin.measures import _intrinsics, _kernel

rng = np.random.default_rng(31)
sizes = [1, 7, 8, 9, 1_023, 1_024, 1_025, 3 * 1_024 + 13, 2 * _kernel.PARALLEL_FROM + 17]
poverty = {
    "P0": m.headcount, "P1": m.poverty_gap, "P2": m.squared_gap, "Watts": m.watts,
    "Hagenaars": m.hagenaars,
    **{f"FGT({a})": lambda y, z, weights, a=a: m.fgt(y, z, a, weights=weights) for a in (1.5, 3.0)},
    **{f"CHU({a})": lambda y, z, weights, a=a: m.chu(y, z, a, weights=weights)
       for a in (0.5, 0.25, -1.0)},
    **{f"Chakravarty({e})": lambda y, z, weights, e=e: m.chakravarty(y, z, e, weights=weights)
       for e in (0.5, 0.3)},
    **{f"BD({e})": lambda y, z, weights, e=e: m.blackorby_donaldson(y, z, e, weights=weights)
       for e in (0.5, 1.0, 2.0)},
}
inequality = {
    "Theil": m.theil, "MLD": m.mld,
    **{f"GE({a})": lambda y, weights, a=a: m.generalized_entropy(y, a, weights=weights)
       for a in (2.0, 1.5, -1.0)},
    **{f"Atkinson({e})": lambda y, weights, e=e: m.atkinson(y, e, weights=weights)
       for e in (0.5, 1.0, 2.0)},
}


def value(f, *args, **kwargs):
    try:
        return float(f(*args, **kwargs)).hex()
    except (ValueError, ZeroDivisionError) as error:  # the same error under either set
        return type(error).__name__


out = {}


def poverty_values(label, y, weights):
    lines = {"nobody": 0.5 * y.min(), "a third": float(np.quantile(y, 0.35)), "all": 2 * y.max()}
    for poor, z in lines.items():
        for name, f in poverty.items():
            out[f"{label}, {poor} poor: {name}"] = value(f, y, z, weights=weights)


for n in sizes:
    y = rng.lognormal(3.0, 1.0, n)
    w = rng.uniform(0.5, 2.0, n)
    for weights in (None, w):
        label = f"{n} {'weighted' if weights is not None else 'unweighted'}"
        poverty_values(label, y, weights)
        for name, f in inequality.items():
            out[f"{label}: {name}"] = value(f, y, weights=weights)
special = rng.lognormal(3.0, 1.0, 5_003)
special[::97] = 1e-310  # subnormal ratios: counted by the loops, then the exact paths
poverty_values("subnormal", special, None)
out["set"] = _intrinsics.INTRINSICS
print(json.dumps(out))
"""


def run(env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", VALUES], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_every_measure_is_bit_identical_under_the_fallbacks(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k != SETTING}
    intrinsics = json.loads(run(base).stdout)
    forced = {**base, SETTING: "fallback", "NUMBA_CACHE_DIR": str(tmp_path)}
    fallbacks = json.loads(run(forced).stdout)
    assert (intrinsics.pop("set"), fallbacks.pop("set")) == ("llvm", "fallback")
    assert len(intrinsics) > 900
    different = [k for k in intrinsics if intrinsics[k] != fallbacks[k]]
    assert different == [], different[:10]
    assert list(tmp_path.iterdir()) == []  # no disk cache and no check under the fallbacks


# Loaded at the start of every Python process it is on the path of: renames the compress store
# to an intrinsic LLVM does not know, as a later LLVM might, which crashes the compiling process.
UNKNOWN_NAME = """
from numba.core import cgutils

_original = cgutils.get_or_insert_function


def _renamed(module, fnty, name):
    if name.startswith("llvm.masked.compressstore"):
        name = "llvm.fupin.no.such.intrinsic"
    return _original(module, fnty, name)


cgutils.get_or_insert_function = _renamed
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a crash is a signal on POSIX only")
def test_an_intrinsic_that_crashes_its_check_leaves_the_fallbacks(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(UNKNOWN_NAME))
    cache = tmp_path / "cache"
    path = os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])
    env = {k: v for k, v in os.environ.items() if k != SETTING}
    env.update(PYTHONPATH=path, NUMBA_CACHE_DIR=str(cache))
    script = textwrap.dedent(
        """
        import math, numpy as np
        from fupin import measures as m
        from fupin.measures import _intrinsics
        y = np.random.default_rng(4).lognormal(3.0, 1.0, 5_003)
        z = float(np.quantile(y, 0.3))
        g = np.maximum(z - y, 0.0) / z
        print(_intrinsics.INTRINSICS, m.fgt(y, z, 1.5) / np.mean(g**1.5) - 1)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    chosen, error = done.stdout.split()
    assert chosen == "fallback" and abs(float(error)) < 1e-12
    assert "RuntimeWarning" in done.stderr and "crashed with signal" in done.stderr
    assert not cache.exists() or not list(cache.glob("fupin-intrinsics-*"))  # not remembered
