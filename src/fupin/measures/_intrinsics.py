"""The LLVM intrinsics of the compiled loops, each beside a plain-numba fallback.

Why a module of their own: the loops use four things numba does not emit by itself — AVX-512's
compress store (``llvm.masked.compressstore``), the population count of its mask
(``llvm.ctpop``), a prefetch (``llvm.prefetch``) and float64 ↔ int64 bitcasts — and the names
and signatures of LLVM intrinsics belong to the LLVM that llvmlite bundles. A later LLVM may
rename or retype them, and an intrinsic name it does not know crashes the compiling process
instead of raising. So they live here and nowhere else, each with a fallback that gives the same
results:

- compress store and its count: a branch-free scalar loop (each lane's position depends on the
  lanes before it, so packing is slower; the packed values and their order are the same);
- prefetch: nothing (it is a hint; no result depends on it);
- bitcasts: NumPy's scalar ``view``, which numba lowers to the same instruction.

``selected`` chooses the set once per process, when the first compiled loop is imported (so
``import fupin.measures`` still does not import numba). ``FUPIN_MEASURES_INTRINSICS=fallback``
forces the fallbacks; ``llvm`` the intrinsics, unchecked; unset or ``auto`` runs ``probe`` in a
child process, where a crash cannot take the caller down, and uses the intrinsics if it passes,
else the fallbacks with a RuntimeWarning. A passing check is remembered in a marker file keyed
by the numba and llvmlite versions, the target CPU and this file, so the child runs once per
installation. ``INTRINSICS`` names the set in use. With the fallbacks numba's disk cache is
off for the loops (``Intrinsics.cache``): a cached loop holds the code of the set it was compiled
with, and the cache cannot tell them apart.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import llvmlite
import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

LANES = 8
SETTING = "FUPIN_MEASURES_INTRINSICS"
CHECK_TIMEOUT = 300  # seconds for the child's check: importing numba and one compile
_DOUBLE = ir.DoubleType()
_VECTOR = ir.VectorType(_DOUBLE, LANES)
_MASK = ir.VectorType(ir.IntType(1), LANES)


def _lanes(context: Any, builder: Any, array_type: Any, array: Any, index: Any) -> Any:
    """A pointer to array[index] as eight doubles (a contiguous float64 array)."""
    data = context.make_array(array_type)(context, builder, array).data
    return builder.bitcast(builder.gep(data, [index]), _VECTOR.as_pointer())


@intrinsic
def _compress_llvm(typingctx, key, source, start, limit, out, position):  # type: ignore[no-untyped-def]  # fmt: skip
    """Writes source[start + j] for the j < 8 where key[start + j] < limit to out[position:],
    in order; returns how many. key, source and out: contiguous float64 arrays, out with room
    for eight values from position. LLVM emits scalar code for it without AVX-512."""
    signature = types.intp(key, source, start, limit, out, position)

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        key_v, source_v, start_v, limit_v, out_v, position_v = args
        keys = builder.load(_lanes(context, builder, sig.args[0], key_v, start_v), align=8)
        values = builder.load(_lanes(context, builder, sig.args[1], source_v, start_v), align=8)
        limit_vector = ir.Constant(_VECTOR, ir.Undefined)
        for lane in range(LANES):
            index = ir.Constant(ir.IntType(32), lane)
            limit_vector = builder.insert_element(limit_vector, limit_v, index)
        mask = builder.fcmp_ordered("<", keys, limit_vector)
        data = context.make_array(sig.args[4])(context, builder, out_v).data
        destination = builder.gep(data, [position_v])
        module = builder.module
        store = cgutils.get_or_insert_function(
            module,
            ir.FunctionType(ir.VoidType(), [_VECTOR, _DOUBLE.as_pointer(), _MASK]),
            "llvm.masked.compressstore.v8f64",
        )
        builder.call(store, [values, destination, mask])
        bits = builder.bitcast(mask, ir.IntType(LANES))
        popcount = cgutils.get_or_insert_function(
            module, ir.FunctionType(ir.IntType(LANES), [ir.IntType(LANES)]), "llvm.ctpop.i8"
        )
        return builder.zext(builder.call(popcount, [bits]), ir.IntType(64))

    return signature, codegen


@intrinsic
def _prefetch_llvm(typingctx, array, index):  # type: ignore[no-untyped-def]
    """Asks for the cache line holding array[index] to be brought into L2 (``llvm.prefetch``);
    index must be in bounds. A hint: no effect on results, none where the processor has none."""
    signature = types.void(array, index)

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        view = context.make_array(sig.args[0])(context, builder, args[0])
        item = cgutils.get_item_pointer(
            context, builder, sig.args[0], view, [args[1]], wraparound=False
        )
        byte = ir.IntType(8).as_pointer()
        hint = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte] + [ir.IntType(32)] * 3),
            "llvm.prefetch.p0i8",
        )
        read, level_2, data = (ir.Constant(ir.IntType(32), v) for v in (0, 2, 1))
        builder.call(hint, [builder.bitcast(item, byte), read, level_2, data])
        return context.get_dummy_value()

    return signature, codegen


def _bitcast(source: types.Type, target: types.Type) -> object:
    """A compiled function reinterpreting the bits of a `source` value as a `target` value (an
    LLVM bitcast, which vectorises, unlike a round trip through memory)."""

    @intrinsic
    def cast(typingctx, value):  # type: ignore[no-untyped-def]
        def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
            return builder.bitcast(args[0], context.get_value_type(target))

        return target(source), codegen

    return cast


_float_to_bits_llvm = _bitcast(types.float64, types.int64)
_bits_to_float_llvm = _bitcast(types.int64, types.float64)

_fallback_jit = numba.njit(nogil=True, error_model="numpy")


@_fallback_jit
def _compress_scalar(key, source, start, limit, out, position):  # type: ignore[no-untyped-def]
    """The compress store lane by lane; it may also write out[position + count], which the
    caller's room for eight values holds and the packed values do not include."""
    count = 0
    for lane in range(LANES):
        # Written always, kept only when selected: no branch to mispredict.
        out[position + count] = source[start + lane]
        count += key[start + lane] < limit
    return count


@_fallback_jit
def _prefetch_none(array, index):  # type: ignore[no-untyped-def]
    """No prefetch: the hint is dropped."""


@_fallback_jit
def _float_to_bits_view(value):  # type: ignore[no-untyped-def]
    """The bits of a float64 as an int64."""
    return np.float64(value).view(np.int64)


@_fallback_jit
def _bits_to_float_view(value):  # type: ignore[no-untyped-def]
    """The float64 whose bits are an int64."""
    return np.int64(value).view(np.float64)


class Intrinsics(NamedTuple):
    """One implementation of each primitive the compiled loops call."""

    name: str
    compress_where_below: Any
    prefetch: Any
    float_to_bits: Any
    bits_to_float: Any

    @property
    def cache(self) -> bool:
        """Whether the loops built on this set may use numba's disk cache (see the docstring)."""
        return self.name == "llvm"


LLVM = Intrinsics("llvm", _compress_llvm, _prefetch_llvm, _float_to_bits_llvm, _bits_to_float_llvm)
FALLBACK = Intrinsics(
    "fallback", _compress_scalar, _prefetch_none, _float_to_bits_view, _bits_to_float_view
)


def _exercise(keys, values, out, x):  # type: ignore[no-untyped-def]
    """Every LLVM intrinsic once (compiled by ``probe``)."""
    _prefetch_llvm(keys, 0)
    count = _compress_llvm(keys, values, 0, 0.5, out, 0)
    bits = _float_to_bits_llvm(x)
    return count, bits, _bits_to_float_llvm(bits)


def probe() -> None:
    """Compiles and runs every LLVM intrinsic once; raises when one gives a wrong answer."""
    keys = np.array([0.1, 0.9, 0.2, np.nan, 0.3, 0.7, 0.4, 0.6])
    out = np.zeros(LANES)
    x = -1.5
    count, bits, back = numba.njit(_exercise)(keys, keys * 10, out, x)
    expected = (4, [1.0, 2.0, 3.0, 4.0], int(np.float64(x).view(np.int64)), x)
    if (count, out[:4].tolist(), bits, back) != expected:
        raise RuntimeError(f"wrong results: {count}, {out[:4]}, {bits:#x}, {back}")


def choose(setting: str, check: Callable[[], str | None]) -> str:
    """The set ("llvm" or "fallback") a value of FUPIN_MEASURES_INTRINSICS chooses; ``check``
    (run only for auto) returns None when the intrinsics work, else why they do not."""
    value = setting.strip().lower() or "auto"
    if value in ("llvm", "fallback"):
        return value
    if value != "auto":
        raise ValueError(f"{SETTING} must be auto, llvm or fallback, not {setting!r}")
    failure = check()
    if failure is None:
        return "llvm"
    warnings.warn(
        f"fupin.measures: the LLVM intrinsics failed their check ({failure}); using the "
        f"plain-numba fallbacks: same results, slower (set {SETTING}=fallback to skip the check)",
        RuntimeWarning,
        stacklevel=3,
    )
    return "fallback"


@functools.cache
def selected() -> Intrinsics:
    """The set the compiled loops use, chosen once per process (see the module docstring)."""
    return LLVM if choose(os.environ.get(SETTING, ""), checked_in_child) == "llvm" else FALLBACK


def __getattr__(name: str) -> str:
    """``INTRINSICS``: "llvm" or "fallback", the name of the set in use (chosen if need be)."""
    if name == "INTRINSICS":
        return selected().name
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def checked_in_child(run: Callable[[], str | None] | None = None) -> str | None:
    """None when ``probe`` passed in a child process, now or before (a marker file), else why
    not. ``run`` replaces the child (for tests)."""
    marker = _marker()
    if marker.exists():
        return None
    failure = (run or _run_child)()
    if failure is None:
        with contextlib.suppress(OSError):  # unwritable: the check just runs again next time
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return failure


def _run_child() -> str | None:
    """Runs ``probe`` in a child process: None when it passed, else how it failed."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the fupin package
    code = f"import sys; sys.path.insert(0, {root!r}); import {__name__} as i; i.probe()"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=CHECK_TIMEOUT
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"the check did not run: {error}"
    if done.returncode < 0:
        return f"the check crashed with signal {-done.returncode}"
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1:] or ["no message"]
        return f"the check failed: {last[0][:300]}"
    return None


def _marker() -> Path:
    """The marker of a passing check for this numba, llvmlite, target CPU and source file, in
    numba's configured cache folder, else beside this file, else in the user's cache."""
    from llvmlite import binding

    config: Any = numba.config  # NUMBA_CPU_NAME and NUMBA_CPU_FEATURES override the host's
    cpu = config.CPU_NAME or binding.get_host_cpu_name()
    features = config.CPU_FEATURES or binding.get_host_cpu_features().flatten()
    versions = repr((numba.__version__, llvmlite.__version__, sys.version, cpu, features))
    digest = hashlib.sha256(versions.encode() + Path(__file__).read_bytes()).hexdigest()[:24]
    name = f"fupin-intrinsics-{digest}.ok"
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured:
        return Path(configured) / name
    beside = Path(__file__).with_name("__pycache__")
    if os.access(beside if beside.exists() else beside.parent, os.W_OK):
        return beside / name
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache) / "fupin" / name
