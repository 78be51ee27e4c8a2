"""The compiled loops (FGT at any α, CHU and Chakravarty at any parameter, Watts) on every input
layout.

numba compiles one loop per dtype and memory layout, so each must give the formula's value:
strided views, integers, float32, weights of another dtype, and inputs of one element.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import measures as m
from fupin.i18n import override

RNG = np.random.default_rng(11)
BASE = RNG.lognormal(3.0, 1.0, 4_001)
LINE = float(np.quantile(BASE, 0.35))


def formulas(y: np.ndarray, w: np.ndarray, z: float) -> dict[str, float]:
    """Each measure by its textbook formula, in float64 NumPy."""
    y = y.astype(np.float64)
    w = w.astype(np.float64)
    gap = np.maximum(z - y, 0.0) / z
    ratio = np.minimum(y, z) / z
    mean = lambda v: float(np.sum(w * v) / np.sum(w))  # noqa: E731
    return {
        "P0": mean((y < z).astype(float)),
        "P1": mean(gap),
        "P2": mean(gap**2),
        "CHU(1/2)": 2 * mean(1 - np.sqrt(ratio)),
        "Chakravarty(1/2)": mean(1 - np.sqrt(ratio)),
        "Watts": -mean(np.log(ratio)),
        "FGT(1.5)": mean(gap**1.5),
        "CHU(-1)": mean(1 - 1 / ratio) / -1.0,
        "Chakravarty(0.3)": mean(1 - ratio**0.3),
        "Blackorby-Donaldson(2)": blackorby_donaldson(y, w, z, 2.0),
        "Blackorby-Donaldson(1)": blackorby_donaldson(y, w, z, 1.0),
    }


def blackorby_donaldson(y: np.ndarray, w: np.ndarray, z: float, eps: float) -> float:
    """H·(z − ξ)/z with ξ the Atkinson(ε) equally-distributed income of the poor."""
    poor = y < z
    yp, wp = y[poor], w[poor]
    if not wp.sum() > 0:  # nobody poor, or the poor weigh nothing
        return 0.0
    if eps == 1.0:
        ede = np.exp(np.average(np.log(yp), weights=wp))
    else:
        ede = np.average(yp ** (1 - eps), weights=wp) ** (1 / (1 - eps))
    return float(wp.sum() / w.sum() * (z - ede) / z)


def ours(y, w, z) -> dict[str, float]:
    return {
        "P0": m.headcount(y, z, weights=w),
        "P1": m.poverty_gap(y, z, weights=w),
        "P2": m.squared_gap(y, z, weights=w),
        "CHU(1/2)": m.chu(y, z, 0.5, weights=w),
        "Chakravarty(1/2)": m.chakravarty(y, z, 0.5, weights=w),
        "Watts": m.watts(y, z, weights=w),
        "FGT(1.5)": m.fgt(y, z, 1.5, weights=w),
        "CHU(-1)": m.chu(y, z, -1.0, weights=w),
        "Chakravarty(0.3)": m.chakravarty(y, z, 0.3, weights=w),
        "Blackorby-Donaldson(2)": m.blackorby_donaldson(y, z, 2.0, weights=w),
        "Blackorby-Donaldson(1)": m.blackorby_donaldson(y, z, 1.0, weights=w),
    }


LAYOUTS = {
    "float64": lambda a: a,
    "strided view": lambda a: np.repeat(a, 3)[::3],
    "reversed view": lambda a: a[::-1].copy()[::-1],
    "float32": lambda a: a.astype(np.float32),
    "int64": lambda a: np.ceil(a).astype(np.int64),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("weighted", [False, True])
def test_every_layout_gives_the_formula(layout: str, weighted: bool) -> None:
    y = LAYOUTS[layout](BASE)
    w = RNG.integers(1, 5, y.shape[0]).astype(np.int32) if weighted else None
    expected = formulas(y, np.ones(y.shape[0]) if w is None else w, LINE)
    for name, value in ours(y, w, LINE).items():
        assert value == pytest.approx(expected[name], rel=1e-12), name


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0.01, 1e6), min_size=1, max_size=40),
    st.floats(0.5, 2e5),
    st.data(),
)
def test_any_sample_matches_the_formulas(incomes, line, data) -> None:
    y = np.array(incomes)
    # Zero or at least 1e-6: with weights near 1e-308 the reference formula rounds w·gap/z to a
    # subnormal or 0 where fupin, multiplying by the absolute gap, does not.
    weight = st.one_of(st.just(0.0), st.floats(1e-6, 10.0))
    w = np.array(data.draw(st.lists(weight, min_size=len(y), max_size=len(y))))
    if not w.sum() > 0:
        w[0] = 1.0
    expected = formulas(y, w, line)
    for name, value in ours(y, w, line).items():
        assert value == pytest.approx(expected[name], rel=1e-9, abs=1e-15), name


@pytest.mark.parametrize("n", [7, 8, 1_023, 1_024, 1_025, 3 * 1_024 + 13])
def test_lengths_around_the_packing_blocks_and_chunks(n: int) -> None:
    # The general powers pack the poor eight at a time in chunks of 1,024 rows: the last few
    # rows of a chunk and the last chunk must count like the others.
    y = BASE[:n]
    w = RNG.uniform(0.5, 2.0, n)
    expected = formulas(y, w, LINE)
    for name, value in ours(y, w, LINE).items():
        assert value == pytest.approx(expected[name], rel=1e-12), name


def test_nobody_poor_is_exactly_zero_everywhere() -> None:
    y = np.repeat(BASE, 3)[::3] + 10 * LINE
    assert all(v == 0.0 for v in ours(y, None, LINE).values())
    assert all(v == 0.0 for v in ours(y, np.full(y.shape[0], 0.7), LINE).values())


@pytest.mark.parametrize("bad, message", [(np.nan, "1 NaN value"), (np.inf, "1 infinite value")])
def test_bad_incomes_in_any_layout_are_named(bad: float, message: str) -> None:
    y = np.repeat(BASE, 2)
    y[4_000] = bad
    with override("en"):
        for measure in (m.headcount, m.squared_gap, m.watts):
            with pytest.raises(ValueError, match=message):
                measure(y[::2], LINE)
            with pytest.raises(ValueError, match=message):
                measure(y[::2], LINE, weights=np.ones(4_001))


AF_X = RNG.uniform(0, 10, size=(3_001, 6)).round(1)
AF_Z = np.array([3.0, 2.0, 5.0, 4.0, 1.0, 6.0])
AF_LAYOUTS = {
    "Fortran order": lambda a: np.asfortranarray(a),
    "strided rows": lambda a: np.repeat(a, 2, axis=0)[::2],
    "float32": lambda a: a.astype(np.float32),
    "int64 (tenths)": lambda a: (a * 10).round().astype(np.int64),
}


@pytest.mark.parametrize("layout", AF_LAYOUTS)
def test_alkire_foster_achievements_in_any_layout(layout: str) -> None:
    x = AF_LAYOUTS[layout](AF_X)
    z = AF_Z * 10 if layout.startswith("int64") else AF_Z
    sample = RNG.uniform(0.5, 2.0, AF_X.shape[0])
    groups = RNG.integers(0, 7, AF_X.shape[0])
    got = m.alkire_foster(x, z, k=0.5, sample_weights=sample, groups=groups)
    same_values = np.ascontiguousarray(x, dtype=np.float64)  # C order, float64, same numbers
    want = m.alkire_foster(same_values, z, k=0.5, sample_weights=sample, groups=groups)
    assert np.array_equal(got.poor, want.poor) and np.array_equal(got.scores, want.scores)
    for name in ("H", "A", "M0", "M1", "M2"):
        assert getattr(got, name) == pytest.approx(getattr(want, name), rel=1e-12), name
    assert got.by_group.keys() == want.by_group.keys()
    for label, group in got.by_group.items():
        assert pytest.approx(want.by_group[label].M0, rel=1e-12) == group.M0


def test_alkire_foster_by_hand_with_groups() -> None:
    # Two groups; k = 1/2 of two indicators. Unit 0 deprived in both, unit 1 in one, unit 2 none.
    x = np.array([[0.0, 0.0], [0.0, 5.0], [5.0, 5.0]])
    result = m.alkire_foster(x, [1.0, 1.0], k=0.5, sample_weights=[2.0, 1.0, 1.0],
                             groups=["a", "a", "b"])  # fmt: skip
    assert result.poor.tolist() == [True, True, False]
    assert pytest.approx(3 / 4) == result.H and pytest.approx((2 * 1 + 0.5) / 4) == result.M0
    assert pytest.approx(1.0) == result.by_group["a"].H
    assert pytest.approx(2.5 / 3) == result.by_group["a"].M0
    assert result.by_group["b"].H == 0.0 and result.by_group["b"].share == pytest.approx(0.25)
    assert pytest.approx((2 * 2 + 1) / 4 / 2) == result.M1  # gaps (1 − 0)/1 normalised


def test_threads_do_not_change_any_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Large inputs run in fixed parts on threads; one thread must give bit-identical results.
    from fupin.measures import _kernel

    n = _kernel.PARALLEL_FROM * 2 + 17
    y = RNG.lognormal(3.0, 1.0, n)
    w = RNG.uniform(0.5, 2.0, n)
    x = RNG.uniform(0, 10, size=(n, 4))

    def run() -> tuple[float, ...]:
        af = m.alkire_foster(x, [3.0, 2.0, 5.0, 4.0], k=0.5, sample_weights=w)
        additive = [f(y, LINE, weights=v) for f in (m.watts, m.poverty_gap) for v in (w, None)]
        return (*additive, m.chu(y, LINE, 0.5, weights=w), af.M0, af.M1, af.M2, af.H)

    threaded = run()
    monkeypatch.setattr(_kernel, "_pool", lambda: None)
    assert run() == threaded
