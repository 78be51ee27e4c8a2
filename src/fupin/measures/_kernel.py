"""One streaming pass over incomes (and weights), chunk by chunk, validating as it goes.

Why chunks: a NumPy expression such as ``np.sum(w * np.maximum(z - y, 0))`` writes and re-reads
full-length temporaries, so it moves several times the 16 bytes per observation it needs. Working
on chunks that fit in the L2 cache reads each input once from memory; the chunk's validation
(min / max) and arithmetic then run on cached data.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from fupin.measures._checks import Array, diagnose, diagnose_weights

CHUNK = 1 << 15
# Large inputs are cut into a fixed number of parts, each summed on its own and the parts added
# in order: the result is the same whatever the number of threads that ran them.
PARTS = 16
PARALLEL_FROM = 1 << 17  # below this, waking a second thread costs more than it saves

# transform(y_chunk, w_chunk_or_None, scratch) -> the chunk's contributions to each sum
Transform = Callable[[Array, Array | None, Array], tuple[float, ...]]
# fill(y_chunk, out) -> f(y_chunk), computed into out (a slice of the chunk-sized scratch)
Fill = Callable[[Array, Array], Array]

# Read-only ones: Σ w as a dot product, which is faster than w.sum().
ONES = np.ones(CHUNK)
ONES.flags.writeable = False


def compiled_loops() -> Any:
    """The compiled loops (``_compiled``), imported on first use: importing numba would make
    ``import fupin.measures`` slow for callers that never use them."""
    from fupin.measures import _compiled

    return _compiled


@functools.cache
def _blas_controller() -> Any:
    """threadpoolctl's controller, built once (building it costs more than a small measure),
    or None when threadpoolctl is absent."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Pins BLAS to one thread: OpenBLAS threads a dot above 10 000 elements (and a block gemv),
    and on a busy machine those threads wait for cores, which makes the sums several times
    slower. Entering is cheap with the cached controller (unlike a fresh ``threadpool_limits``);
    without threadpoolctl nothing changes."""
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


def _as_float(chunk: Array) -> Array:
    return chunk if chunk.dtype == np.float64 else chunk.astype(np.float64)


def _chunk_is_bad(yc: Array, require: str | None) -> bool:
    low = yc.min()
    high = yc.max()
    # NaN propagates through min, so one comparison catches NaN, ±inf and the sign requirement.
    if not (math.isfinite(low) and math.isfinite(high)):
        return True
    if require == "positive":
        return bool(low <= 0)
    if require == "nonnegative":
        return bool(low < 0)
    return False


def stream(
    y: Array,
    w: Array | None,
    transform: Transform,
    n_sums: int,
    *,
    require: str | None = None,
    measure: str = "",
) -> tuple[list[float], float]:
    """Streams (y, w) once: returns the summed contributions of `transform` and the total weight."""
    sums = [0.0] * n_sums
    total = 0.0
    scratch = np.empty(min(CHUNK, y.shape[0]), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for start in range(0, y.shape[0], CHUNK):
            yc = _as_float(y[start : start + CHUNK])
            if _chunk_is_bad(yc, require):
                diagnose(y, w, require, measure)
            wc = None
            if w is not None:
                wc = _as_float(w[start : start + CHUNK])
                low = wc.min()
                if not low >= 0:  # NaN fails this comparison too
                    diagnose_weights(w)
                total += float(wc.sum())
            else:
                total += yc.shape[0]
            parts = transform(yc, wc, scratch[: yc.shape[0]])
            for i, part in enumerate(parts):
                sums[i] += float(part)
    if not (math.isfinite(total) and total > 0):
        diagnose_weights(w if w is not None else np.zeros(1))
    return sums, total


def dot(a: Array, b: Array) -> float:
    """Σ a·b without BLAS: OpenBLAS threads its dot above 10 000 elements, and on a busy
    machine those threads wait for cores — einsum was the faster of the two under load."""
    return float(np.einsum("i,i->", a, b))


def wsum(values: Array, wc: Array | None) -> float:
    """Σ w·values for a chunk (plain sum when unweighted)."""
    return float(values.sum()) if wc is None else dot(wc, values)


def weighted_sum(
    y: Array, w: Array | None, fill: Fill, *, require: str, measure: str, flags_bad: bool
) -> tuple[float, float]:
    """Σ w·f(y) and Σ w in one pass over (y, w), f computed chunk by chunk by `fill`.

    With ``flags_bad`` the caller promises that f maps NaN, −inf and incomes outside `require`
    to NaN or ±inf (a log or square root does), so a chunk's only check is its maximum (for NaN
    and +inf) and a non-finite partial sum sends the data to ``diagnose``; that saves a pass.
    The sums are single-threaded BLAS dot products: einsum's were slower."""
    acc = 0.0
    total = 0.0
    diagnosed = False
    scratch = np.empty(min(CHUNK, y.shape[0]), dtype=np.float64)
    with single_threaded_blas(), np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for start in range(0, y.shape[0], CHUNK):
            yc = _as_float(y[start : start + CHUNK])
            size = yc.shape[0]
            bad = not math.isfinite(yc.max()) if flags_bad else _chunk_is_bad(yc, require)
            if bad:
                diagnose(y, w, require, measure)
            values = fill(yc, scratch[:size])
            if w is None:
                total += size
                part = float(np.dot(ONES[:size], values))
            else:
                wc = _as_float(w[start : start + CHUNK])
                if not wc.min() >= 0:  # NaN fails this comparison too
                    diagnose_weights(w)
                total += float(np.dot(ONES[:size], wc))
                part = float(np.dot(wc, values))
            if not (diagnosed or math.isfinite(part)):
                # Invalid data raises here; a legitimate infinity (a log underflowing for a
                # subnormal income) is summed as before.
                diagnose(y, w, require, measure)
                diagnosed = True
            acc += part
    if not (math.isfinite(total) and total > 0):
        diagnose_weights(w if w is not None else np.zeros(1))
    return acc, total


def checked_sums(
    loop: Callable[..., tuple[float, ...]],
    y: Array,
    w: Array | None,
    *args: Any,
    require: str | None,
    measure: str,
) -> tuple[float, float] | None:
    """(Σ w·f(y), Σ w) from a compiled loop of ``_compiled``, its side sums turned into errors;
    None when some values fell outside its fast functions (the caller takes its exact path).

    A non-finite Σ y·0 means NaN or infinite incomes; a non-finite main sum, incomes outside
    ``require`` (the loop's f maps them to NaN or ±inf). ``diagnose`` names the problem, or
    returns for a legitimate infinity (a ratio underflowing to 0 for a subnormal income)."""
    acc, total, check, negative, outside = summed_in_parts(loop, y, w, *args)
    bad_sum = not outside and require is not None and not math.isfinite(acc)
    if not math.isfinite(check) or bad_sum:
        diagnose(y, w, require, measure)
    _check_total(w, total, negative)
    if outside:
        return None
    return float(acc), float(total)


def _check_total(w: Array | None, total: float, negative: float) -> None:
    """Raises the weights' error when some are negative or their sum is not positive and finite."""
    if negative or not (math.isfinite(total) and total > 0):
        diagnose_weights(w if w is not None else np.zeros(1))


def summed_in_parts(
    loop: Callable[..., tuple[float, ...]], y: Array, w: Array | None, *args: Any
) -> tuple[float, ...]:
    """The sums a compiled ``loop(y, w, *args)`` returns, over ``PARTS`` fixed parts on threads.

    The parts' sums are added in part order, so the result does not depend on the thread count.
    Below ``PARALLEL_FROM`` the loop runs once over everything (16 calls would cost more)."""
    n = y.shape[0]
    if n < PARALLEL_FROM:
        return tuple(loop(y, w, *args))
    results: list[tuple[float, ...]] = [()] * PARTS

    def part(k: int, start: int, stop: int) -> None:
        results[k] = loop(y[start:stop], None if w is None else w[start:stop], *args)

    in_parts(part, n)
    return tuple(sum(column) for column in zip(*results, strict=True))


@functools.cache
def _pool() -> ThreadPoolExecutor | None:
    """Threads for the compiled loops (which release the GIL), one per usable core; None on one."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = min(usable or 1, PARTS)
    return ThreadPoolExecutor(threads, thread_name_prefix="fupin-measures") if threads > 1 else None


def in_parts(task: Callable[[int, int, int], object], n: int) -> None:
    """Runs ``task(part, start, stop)`` over ``PARTS`` fixed slices of range(n), on threads for
    large n. Each task must write only its own part's results."""
    slices = [(k, k * n // PARTS, (k + 1) * n // PARTS) for k in range(PARTS)]
    pool = _pool()
    if pool is None or n < PARALLEL_FROM:
        for part in slices:
            task(*part)
        return
    threads = pool._max_workers
    # One task per thread, each running a run of consecutive parts: fewer wake-ups and GIL
    # hand-overs than a task per part.
    runs = [slices[t * PARTS // threads : (t + 1) * PARTS // threads] for t in range(threads)]

    def run(parts: list[tuple[int, int, int]]) -> None:
        for part in parts:
            task(*part)

    list(pool.map(run, runs))  # consumed, so that a task's exception is raised here
