"""Benchmark of fupin.measures beside plain NumPy expressions and the installable peers.

"÷ read floor" divides each time by the fastest read of the inputs (each value read once and
added up) measured just before and just after it in the same process: the best of nine runs of
each of ``y.sum() + w.sum()`` in NumPy, a compiled loop on one thread, and compiled loops on two
threads each reading half. Which of them is fastest depends on the host: on a 2-core AMD EPYC in
November 2026 NumPy's sum was compute-bound (7.8 ms at 10 M weighted) while the compiled loops
read the same data in 3.4 ms on one thread and 1.8–2.8 ms on two.

Run: .venv/bin/python bench/measures.py [--sizes 1000000 10000000] [--markdown docs/perf/x.md]

Every measure is timed at each size, unweighted and weighted (best of --repeat runs), beside a
plain NumPy expression of the same formula; peak extra memory of one call is measured with
tracemalloc (NumPy reports its buffers to it) in a separate, untimed run. Alkire–Foster runs on
1 M × 10 beside a NumPy integer column accumulation and, if installed, mpitb. apode does not
install here (its sdist downloads setuptools at build time) and is reported as such.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fupin import measures as m  # noqa: E402

Fn = Callable[[], object]
ALPHA = 0.5


def best_time(fn: Fn, repeat: int) -> float:
    """Best wall time of `repeat` calls (fewer when one call takes over 2 s)."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
        if best > 2.0:
            break
    return best


@numba.njit(nogil=True, fastmath={"reassoc", "contract", "nsz"})
def compiled_read(y, w):  # type: ignore[no-untyped-def]
    """Σ y + Σ w in one vectorised pass (Σ y alone when w is None)."""
    total = 0.0
    for i in range(y.shape[0]):
        total += y[i]
        if w is not None:
            total += w[i]
    return total


def read_floors(y: np.ndarray, w: np.ndarray | None, pool: ThreadPoolExecutor) -> dict[str, float]:
    """Best of nine reads of (y, w) each way: NumPy sums, compiled on one thread, on two."""
    half = y.shape[0] // 2
    halves = [
        (y[:half], None if w is None else w[:half]),
        (y[half:], None if w is None else w[half:]),
    ]

    def two() -> None:
        list(pool.map(lambda part: compiled_read(*part), halves))

    compiled_read(y[:10], None if w is None else w[:10])  # compiled before it is timed
    return {
        "NumPy": best_time(lambda: (y.sum(), None if w is None else w.sum()), 9),
        "compiled, one thread": best_time(lambda: compiled_read(y, w), 9),
        "compiled, two threads": best_time(two, 9),
    }


POOL = ThreadPoolExecutor(2)


def peak_mb(fn: Fn) -> float:
    """Peak memory allocated during one call, in MB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def np_sorted(y, w):
    if w is None:
        s = np.sort(y)
        return s, np.ones_like(s), np.arange(1, s.shape[0] + 1, dtype=float)
    o = np.argsort(y)
    ys, ws = y[o], w[o]
    return ys, ws, np.cumsum(ws)


def np_gini(y, w):
    ys, ws, c = np_sorted(y, w)
    total = c[-1]
    return np.sum(ws * ys * (2 * c - ws - total)) / (total * np.sum(ws * ys))


def np_sen(y, w, z):
    ys, ws, c = np_sorted(y, w)
    q = np.searchsorted(ys, z)
    yp, wp, cp = ys[:q], ws[:q], c[:q]
    wq = cp[-1]
    gap = np.sum(wp * (z - yp)) / (wq * z)
    spread = np.sum(wp * yp * (2 * cp - wp - wq)) / (wq * wq * z)
    return wq / c[-1] * (gap + spread * wq / (wq + 1))


def np_palma(y, w):
    ys, ws, c = np_sorted(y, w)
    inc = np.cumsum(ws * ys)
    i40, i90 = np.searchsorted(c, 0.4 * c[-1]), np.searchsorted(c, 0.9 * c[-1])
    return (inc[-1] - inc[i90]) / inc[i40]


def np_mean(values, w):
    return values.mean() if w is None else np.sum(w * values) / np.sum(w)


def numpy_expressions(z: float) -> dict[str, Callable]:
    """The textbook formula of each measure as a direct NumPy expression (full temporaries)."""
    return {
        "headcount": lambda y, w: np_mean(y < z, w),
        "poverty_gap": lambda y, w: np_mean(np.maximum(z - y, 0), w) / z,
        "squared_gap": lambda y, w: np_mean(np.maximum(z - y, 0) ** 2, w) / z**2,
        "fgt(1.5)": lambda y, w: np_mean(np.maximum(z - y, 0) ** 1.5, w) / z**1.5,
        "watts": lambda y, w: np_mean(np.log(z / np.minimum(y, z)), w),
        "chu(0.5)": lambda y, w: np_mean(1 - (np.minimum(y, z) / z) ** ALPHA, w) / ALPHA,
        "chakravarty(0.5)": lambda y, w: np_mean(1 - (np.minimum(y, z) / z) ** ALPHA, w),
        "chu(-1)": lambda y, w: np_mean(1 - z / np.minimum(y, z), w) / -1.0,
        "chakravarty(0.3)": lambda y, w: np_mean(1 - (np.minimum(y, z) / z) ** 0.3, w),
        "sen": lambda y, w: np_sen(y, w, z),
        "gini": np_gini,
        "theil": lambda y, w: np_mean((y / np_mean(y, w)) * np.log(y / np_mean(y, w)), w),
        "mld": lambda y, w: np_mean(np.log(np_mean(y, w) / y), w),
        "atkinson(0.5)": lambda y, w: 1 - np_mean(np.sqrt(y), w) ** 2 / np_mean(y, w),
        "palma": np_palma,
    }


def fupin_measures(z: float) -> dict[str, Callable]:
    """Each fupin measure as f(y, weights)."""
    return {
        "headcount": lambda y, w: m.headcount(y, z, weights=w),
        "poverty_gap": lambda y, w: m.poverty_gap(y, z, weights=w),
        "squared_gap": lambda y, w: m.squared_gap(y, z, weights=w),
        "fgt(1.5)": lambda y, w: m.fgt(y, z, 1.5, weights=w),
        "watts": lambda y, w: m.watts(y, z, weights=w),
        "chu(0.5)": lambda y, w: m.chu(y, z, ALPHA, weights=w),
        "chakravarty(0.5)": lambda y, w: m.chakravarty(y, z, ALPHA, weights=w),
        "chu(-1)": lambda y, w: m.chu(y, z, -1.0, weights=w),
        "chakravarty(0.3)": lambda y, w: m.chakravarty(y, z, 0.3, weights=w),
        "hagenaars": lambda y, w: m.hagenaars(y, z, weights=w),
        "blackorby_donaldson(2)": lambda y, w: m.blackorby_donaldson(y, z, 2.0, weights=w),
        "sen": lambda y, w: m.sen(y, z, weights=w),
        "sst": lambda y, w: m.sst(y, z, weights=w),
        "takayama": lambda y, w: m.takayama(y, z, weights=w),
        "thon": lambda y, w: m.thon(y, z, weights=w),
        "kakwani(2)": lambda y, w: m.kakwani(y, z, 2, weights=w),
        "gini": lambda y, w: m.gini(y, weights=w),
        "theil": lambda y, w: m.theil(y, weights=w),
        "mld": lambda y, w: m.mld(y, weights=w),
        "generalized_entropy(2)": lambda y, w: m.generalized_entropy(y, 2, weights=w),
        "atkinson(0.5)": lambda y, w: m.atkinson(y, 0.5, weights=w),
        "palma": lambda y, w: m.palma(y, weights=w),
        "quantile_share(0.9,1)": lambda y, w: m.quantile_share(y, 0.9, 1.0, weights=w),
    }


def rank_measures_on_one_view(z: float) -> Callable:
    """Every rank-based measure on the same data, sharing one SortedView (one sort)."""

    def run(y, w):
        view = m.sorted_view(y, weights=w)
        for f in (m.sen, m.sst, m.takayama, m.thon):
            f(view, z)
        m.kakwani(view, z, 2)
        m.gini(view)
        m.palma(view)

    return run


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timed_row(
    name: str,
    fn: Callable,
    np_fn: Callable | None,
    y: np.ndarray,
    weights: np.ndarray | None,
    repeat: int,
) -> str:
    """One table row: fupin and NumPy times and peak memory for one measure and weighting."""
    n = y.shape[0]
    before = min(read_floors(y, weights, POOL).values())

    def ours() -> object:
        return fn(y, weights)

    ours_t = best_time(ours, repeat)
    # This host's reads vary by up to 1.6× from minute to minute: the floor is the faster of the
    # reads just before and just after, which can only make the ratio larger.
    floor_ms = min(before, *read_floors(y, weights, POOL).values()) * 1000
    ours_mb = peak_mb(ours)
    np_cells = "— | —"
    if np_fn is not None:

        def plain() -> object:
            return np_fn(y, weights)

        np_cells = f"{fmt(best_time(plain, repeat))} | {peak_mb(plain):.0f} MB"
    return (
        f"| {name} | {n / 1e6:g} M | {'yes' if weights is not None else 'no'} | {fmt(ours_t)} "
        f"| {ours_mb:.0f} MB | {np_cells} | {ours_t * 1000 / floor_ms:.1f}× |"
    )


def floor_row(y: np.ndarray, w: np.ndarray) -> str:
    """The read floors themselves, each way of reading (the fastest is the row's floor)."""
    floors = read_floors(y, w, POOL)
    ways = ", ".join(f"{way} {fmt(t)}" for way, t in floors.items())
    return (
        f"| (read floor: {ways}) | {y.shape[0] / 1e6:g} M | yes | {fmt(min(floors.values()))} "
        f"| — | — | — | 1.0× |"
    )


def income_rows(sizes: list[int], repeat: int) -> list[str]:
    rows = []
    rng = np.random.default_rng(2026)
    for n in sizes:
        y = rng.lognormal(9.0, 1.0, n)
        w = rng.uniform(0.5, 2.0, n)
        z = float(np.quantile(y, 0.3))
        ours = fupin_measures(z)
        ours["7 rank measures, one sorted_view"] = rank_measures_on_one_view(z)
        plain = numpy_expressions(z)
        rows.append(floor_row(y, w))
        print(rows[-1], flush=True)
        for name, fn in ours.items():
            for weights in (None, w):
                rows.append(timed_row(name, fn, plain.get(name), y, weights, repeat))
                print(rows[-1], flush=True)
    return rows


def af_rows(repeat: int) -> list[str]:
    rng = np.random.default_rng(7)
    n, d = 1_000_000, 10
    x = rng.uniform(0.0, 10.0, size=(n, d))
    cutoffs = np.full(d, 3.0)
    deprived = (x < cutoffs).astype(np.int8)
    weights = rng.uniform(0.5, 2.0, n)
    groups = rng.integers(0, 300, n)
    k = 1 / 3
    cases: list[tuple[str, Fn]] = [
        (
            "fupin achievements + cutoffs, M0–M2, by indicator",
            lambda: m.alkire_foster(x, cutoffs, k=k),
        ),
        (
            "fupin achievements, weighted, + 300 groups",
            lambda: m.alkire_foster(x, cutoffs, k=k, sample_weights=weights, groups=groups),
        ),
        ("fupin 0/1 deprivations (int8), by indicator", lambda: m.alkire_foster(deprived, k=k)),
        (
            "fupin 0/1 deprivations, weighted, + 300 groups",
            lambda: m.alkire_foster(deprived, k=k, sample_weights=weights, groups=groups),
        ),
        ("NumPy integer column accumulation (H, M0 only)", lambda: numpy_af(deprived, k)),
    ]
    cases += mpitb_case(deprived, k)
    rows = []
    for name, fn in cases:
        t = best_time(fn, repeat)
        mb = peak_mb(fn)
        rows.append(f"| {name} | {fmt(t)} | {mb:.0f} MB |")
        print(rows[-1], flush=True)
    return rows


def numpy_af(deprived: np.ndarray, k: float) -> tuple[float, float]:
    d = deprived.shape[1]
    score = np.zeros(deprived.shape[0], dtype=np.int64)
    for j in range(d):
        score += deprived[:, j]
    poor = score * 3 >= d  # k = 1/3 in integers
    return float(poor.mean()), float(np.sum(score * poor) / (deprived.shape[0] * d))


def mpitb_case(deprived: np.ndarray, k: float) -> list[tuple[str, Fn]]:
    try:
        import pandas as pd
        from mpitb import MPIToolbox
    except ImportError:
        return [("mpitb (not installed)", lambda: None)]
    names = [f"i{j}" for j in range(deprived.shape[1])]
    frame = pd.DataFrame(deprived, columns=names)
    toolbox = MPIToolbox()
    toolbox.set(name="bench", dimensions=[([c], c) for c in names])
    percent = round(k * 100)
    return [
        (
            "mpitb 0.2 est(): H, A, M0 only",
            lambda: toolbox.est(frame, "bench", [percent], indmeasures=[], aux=[]),
        ),
        (
            "mpitb 0.2 est(): + censored headcounts, contributions, uncensored",
            lambda: toolbox.est(frame, "bench", [percent]),
        ),
    ]


def main() -> None:
    """Runs the benchmark and prints (optionally writes) the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args()
    head = [
        "| measure | n | weighted | fupin | fupin peak extra | NumPy expression | NumPy peak extra "
        "| fupin ÷ read floor |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    print("\n".join(head))
    income = income_rows(args.sizes, args.repeat)
    af_head = [
        "",
        "| Alkire–Foster, 1 M × 10, k = 1/3 | time | peak extra |",
        "| --- | --- | --- |",
    ]
    print("\n".join(af_head))
    af = af_rows(args.repeat)
    if args.markdown:
        args.markdown.write_text("\n".join(head + income + af_head + af) + "\n")


if __name__ == "__main__":
    main()
