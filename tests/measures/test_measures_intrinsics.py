"""The LLVM intrinsics of the compiled loops and their plain-numba fallbacks, side by side.

``_intrinsics`` holds every hand-written LLVM intrinsic (compress store and its count, prefetch,
bitcasts) beside a fallback. Each fallback must give exactly what its intrinsic gives, the set in
use must be the intrinsics here (the versions CI tests), and the choice must follow
FUPIN_MEASURES_INTRINSICS and the child process's check. The measures as a whole, bit for bit
under each set, are in test_measures_fallback.py.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numba
import numpy as np
import pytest

from fupin.measures import _compiled, _intrinsics
from fupin.measures._intrinsics import FALLBACK, LANES, LLVM, SETTING, choose

SETS = {"llvm": LLVM, "fallback": FALLBACK}


def test_the_intrinsics_are_in_use_in_the_tested_versions() -> None:
    # A numba or llvmlite in which they stopped working would fall back silently but for a
    # warning; here, in the pinned range, the fast set must be the one chosen.
    forced = os.environ.get(SETTING, "").strip().lower() == "fallback"
    chosen = _intrinsics.selected()
    assert chosen.name == _intrinsics.INTRINSICS == ("fallback" if forced else "llvm")
    assert _compiled.compress_where_below is chosen.compress_where_below
    assert _compiled.prefetch is chosen.prefetch
    assert chosen.cache is (not forced)


def packer(chosen: _intrinsics.Intrinsics):  # type: ignore[no-untyped-def]
    """A compiled loop packing keys and values block by block with ``chosen``'s primitives."""
    compress, prefetch = chosen.compress_where_below, chosen.prefetch

    @numba.njit
    def pack(keys, values, limit, out_keys, out_values):  # type: ignore[no-untyped-def]
        count = 0
        for start in range(0, keys.shape[0] - LANES + 1, LANES):
            prefetch(keys, start)
            compress(keys, values, start, limit, out_values, count)
            count += compress(keys, keys, start, limit, out_keys, count)
        return count

    return pack


KEYS = np.random.default_rng(21).uniform(-1.0, 1.0, 64 * LANES)
KEYS[::7] = np.nan
KEYS[3::11] = -0.0
KEYS[5::13] = -np.inf
KEYS[6::17] = np.inf


@pytest.mark.parametrize("limit", [0.0, 0.5, -2.0, 2.0, math.inf, math.nan])
def test_the_scalar_compress_packs_what_the_compress_store_packs(limit: float) -> None:
    values = np.arange(KEYS.shape[0], dtype=np.float64)
    packed = {}
    for name, chosen in SETS.items():
        out_keys, out_values = np.empty(KEYS.shape[0] + LANES), np.empty(KEYS.shape[0] + LANES)
        count = packer(chosen)(KEYS, values, limit, out_keys, out_values)
        packed[name] = (count, out_keys[:count].tobytes(), out_values[:count].tolist())
    selected = [i for i in range(KEYS.shape[0]) if KEYS[i] < limit]  # NaN keys never are
    assert packed["llvm"] == packed["fallback"]
    assert packed["llvm"][0] == len(selected) and packed["llvm"][2] == selected


@pytest.mark.parametrize("name", SETS)
def test_a_compress_writes_only_within_its_eight_slots(name: str) -> None:
    compress = SETS[name].compress_where_below

    @numba.njit
    def once(keys, out, position):  # type: ignore[no-untyped-def]
        return compress(keys, keys, 0, 0.5, out, position)

    out = np.full(3 * LANES, -7.0)
    count = once(np.linspace(0.0, 1.0, LANES), out, LANES)
    assert count == 4 and out[LANES : LANES + 4].tolist() == np.linspace(0.0, 1.0, 8)[:4].tolist()
    assert (out[:LANES] == -7.0).all() and (out[2 * LANES :] == -7.0).all()


SPECIAL = [0.0, -0.0, 1.0, -1.5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
           math.inf, -math.inf, math.nan, math.sqrt(0.5)]  # fmt: skip


def bitcasts(chosen: _intrinsics.Intrinsics):  # type: ignore[no-untyped-def]
    """A compiled loop taking ``chosen``'s bitcasts both ways over arrays."""
    to_bits, to_float = chosen.float_to_bits, chosen.bits_to_float

    @numba.njit
    def run(floats, ints, bits_out, floats_out):  # type: ignore[no-untyped-def]
        for i in range(floats.shape[0]):
            bits_out[i] = to_bits(floats[i])
            floats_out[i] = to_float(ints[i])

    return run


def test_the_view_bitcasts_give_the_bits_of_the_llvm_bitcasts() -> None:
    rng = np.random.default_rng(22)
    ints = rng.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 4_000, dtype=np.int64)
    floats = np.concatenate([np.array(SPECIAL), rng.lognormal(0.0, 30.0, 4_000 - len(SPECIAL))])
    results = {}
    for name, chosen in SETS.items():
        bits_out, floats_out = np.empty(4_000, dtype=np.int64), np.empty(4_000)
        bitcasts(chosen)(floats, ints, bits_out, floats_out)
        results[name] = (bits_out.tolist(), floats_out.view(np.int64).tolist())
    assert results["llvm"] == results["fallback"]
    assert results["llvm"] == (floats.view(np.int64).tolist(), ints.tolist())  # NumPy's view


def test_the_probe_passes_here() -> None:
    _intrinsics.probe()  # raises on a wrong answer


def failing() -> str:
    return "it crashed"


def passing() -> None:
    return None


def refusing() -> None:
    raise AssertionError("the check ran although the setting chose without it")


def test_a_passing_check_chooses_the_intrinsics_silently() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert choose("", passing) == "llvm"
        assert choose(" auto ", passing) == "llvm"


def test_a_failing_check_chooses_the_fallbacks_with_a_warning() -> None:
    with pytest.warns(RuntimeWarning, match=re.escape("failed their check (it crashed)")):
        assert choose("auto", failing) == "fallback"


def test_the_setting_forces_a_set_without_the_check() -> None:
    assert choose("fallback", refusing) == "fallback"
    assert choose("LLVM", refusing) == "llvm"
    with pytest.raises(ValueError, match="must be auto, llvm or fallback"):
        choose("fast", refusing)


def test_a_passing_check_is_remembered_and_a_failing_one_is_not(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    runs: list[str | None] = []

    def child(result: str | None):  # type: ignore[no-untyped-def]
        def run() -> str | None:
            runs.append(result)
            return result

        return run

    assert _intrinsics.checked_in_child(child("it crashed")) == "it crashed"
    assert list(tmp_path.iterdir()) == []
    assert _intrinsics.checked_in_child(child(None)) is None
    assert _intrinsics.checked_in_child(child("not run: remembered")) is None
    assert runs == ["it crashed", None]
    markers = list(tmp_path.iterdir())
    assert len(markers) == 1 and markers[0].name.startswith("fupin-intrinsics-")


def test_no_other_module_names_llvm_or_its_intrinsics() -> None:
    folder = Path(_intrinsics.__file__).parent
    names = ("llvmlite", "llvm.", "numba.extending", "@intrinsic", "numba.core.cgutils")
    for path in folder.rglob("*.py"):
        if path.name != "_intrinsics.py":
            text = path.read_text(encoding="utf-8")
            assert not [n for n in names if n in text], path.name


def test_importing_the_package_does_not_import_numba() -> None:
    code = "import sys, fupin.measures; print('numba' in sys.modules, 'llvmlite' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False"]
