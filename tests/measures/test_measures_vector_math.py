"""The vectorisable ln, exp and expm1 inside the compiled loops, and the ways round the values
they cannot take.

``log_normal`` must stay within 2 units in the last place of the C library's log for every
positive normal double and give exactly 0 at 1 (the non-poor add nothing); ``exp_in_range``
within 1 and ``expm1_in_range`` within 2 on their range. Watts, FGT at any α, CHU and Chakravarty
must reach their exact NumPy paths for values outside those ranges, and only then.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import measures as m
from fupin.measures import inequality, poverty
from fupin.measures._vector_math import (
    EXP_HIGH,
    EXP_LOW,
    SMALLEST_NORMAL,
    exp_in_range,
    expm1_in_range,
    log_normal,
)

MAX_ULP = 2


def ulps_off(x: float, ours=log_normal, theirs=math.log) -> float:
    """How many units in the last place ours(x) is from the C library's theirs(x)."""
    exact = theirs(x)
    return abs(ours(x) - exact) / math.ulp(exact)


@settings(max_examples=2_000, deadline=None)
@given(st.floats(min_value=SMALLEST_NORMAL, max_value=1.7976931348623157e308))
def test_any_positive_normal_double(x: float) -> None:
    assert ulps_off(x) <= MAX_ULP


def test_one_is_exactly_zero() -> None:
    assert log_normal(1.0) == 0.0 and str(log_normal(1.0)) == "0.0"


def test_around_each_range_boundary_and_around_one() -> None:
    # The reduction switches k at 2^k·√½: a value on each side, for every binary exponent.
    edges = [math.ldexp(math.sqrt(0.5), k) for k in range(-1021, 1024)]
    near = [math.nextafter(e, d) for e in edges for d in (0.0, math.inf)]
    one = [1.0 + i * 2.0**-52 for i in range(1, 200)] + [1.0 - i * 2.0**-53 for i in range(1, 200)]
    extremes = [SMALLEST_NORMAL, math.nextafter(SMALLEST_NORMAL, 1.0), 1.7976931348623157e308]
    worst = max(ulps_off(x) for x in edges + near + one + extremes)
    assert worst <= MAX_ULP


def test_ratios_as_watts_sees_them() -> None:
    # Poor units' ratios y/z: mostly in (0, 1), some tiny; 20 000 of each kind.
    rng = np.random.default_rng(5)
    ratios = np.concatenate([rng.uniform(1e-9, 1.0, 20_000), np.exp(rng.uniform(-700, 0, 20_000))])
    worst = max(ulps_off(float(x)) for x in ratios)
    assert worst <= MAX_ULP


def formula(y: np.ndarray, z: float) -> float:
    return float(np.mean([-math.log(min(v, z) / z) for v in y]))


def test_watts_takes_the_single_pass_when_every_ratio_is_normal(monkeypatch) -> None:
    def exact(*args, **kwargs):
        raise AssertionError("the exact path ran for ordinary incomes")

    monkeypatch.setattr(poverty, "_watts_exact", exact)
    y = np.random.default_rng(3).lognormal(3.0, 1.0, 300_000)  # large: the parts run on threads
    z = float(np.quantile(y, 0.4))
    assert m.watts(y, z) == pytest.approx(formula(y, z), rel=1e-12)


@pytest.mark.parametrize("z", [1.0, 3.0])
def test_a_subnormal_ratio_is_computed_exactly_not_by_the_fast_log(z: float) -> None:
    # 1e-310 / z is subnormal: its log (about −713.8) must still be right, not the garbage the
    # bit-level reduction would give.
    y = np.array([1e-310, 2.0, 5.0, 0.5])
    assert m.watts(y, z) == pytest.approx(formula(y, z), rel=1e-14)
    assert m.watts(y, z, weights=[1.0, 2.0, 1.0, 3.0]) == pytest.approx(
        (-math.log(1e-310 / z) - 3 * math.log(min(0.5, z) / z) - 2 * math.log(min(2.0, z) / z)) / 7,
        rel=1e-14,
    )


def test_a_ratio_that_underflows_to_zero_gives_an_infinite_index() -> None:
    # 5e-324 / 4 rounds to 0: the income is positive, so this is a legitimate +inf, not an error.
    assert m.watts([5e-324, 1.0], 4.0) == math.inf


def test_non_positive_incomes_still_raise_through_the_exact_path() -> None:
    with pytest.raises(ValueError, match="not positive"):
        m.watts(np.array([1.0, -2.0, 0.0, 3.0] * 50_000), 2.0)


@settings(max_examples=2_000, deadline=None)
@given(st.floats(min_value=EXP_LOW, max_value=EXP_HIGH))
def test_exp_and_expm1_on_their_range(x: float) -> None:
    assert ulps_off(x, exp_in_range, math.exp) <= 1
    assert ulps_off(x, expm1_in_range, math.expm1) <= 2


def test_exp_and_expm1_around_each_reduction_step_and_near_zero() -> None:
    # k changes at odd multiples of ½ ln 2; near 0, expm1 must keep its digits (x ≈ 1e-12 → 1e-12).
    steps = [(j + 0.5) * math.log(2) for j in range(-1021, 1023)]
    near = [math.nextafter(s, d) for s in steps for d in (-math.inf, math.inf)]
    small = [sign * 10.0**-e for e in range(1, 300, 7) for sign in (1, -1)]
    xs = [x for x in steps + near + small + [EXP_LOW, EXP_HIGH] if EXP_LOW <= x <= EXP_HIGH]
    assert max(ulps_off(x, exp_in_range, math.exp) for x in xs) <= 1
    assert max(ulps_off(x, expm1_in_range, math.expm1) for x in xs) <= 2
    assert exp_in_range(0.0) == 1.0 and expm1_in_range(0.0) == 0.0


@pytest.fixture
def no_exact_paths(monkeypatch):
    """Makes every NumPy fallback of the additive measures fail the test if it runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("an exact path ran for ordinary incomes")

    for name in ("_watts_exact", "stream", "weighted_sum"):
        monkeypatch.setattr(poverty, name, refuse)


POWERS = [
    ("fgt(1.5)", lambda y, z, w: m.fgt(y, z, 1.5, weights=w), lambda g, r: g**1.5),
    ("fgt(3)", lambda y, z, w: m.fgt(y, z, 3.0, weights=w), lambda g, r: g**3),
    ("chu(-1)", lambda y, z, w: m.chu(y, z, -1.0, weights=w), lambda g, r: (1 - 1 / r) / -1.0),
    ("chu(0.25)", lambda y, z, w: m.chu(y, z, 0.25, weights=w), lambda g, r: (1 - r**0.25) / 0.25),
    (
        "chakravarty(0.3)",
        lambda y, z, w: m.chakravarty(y, z, 0.3, weights=w),
        lambda g, r: 1 - r**0.3,
    ),
]


@pytest.mark.parametrize("name, measure, term", POWERS, ids=[p[0] for p in POWERS])
def test_general_powers_take_the_single_pass(no_exact_paths, name, measure, term) -> None:
    rng = np.random.default_rng(8)
    y = rng.lognormal(3.0, 1.0, 200_000)
    w = rng.uniform(0.5, 2.0, y.shape[0])
    z = float(np.quantile(y, 0.35))
    g = np.maximum(z - y, 0.0) / z
    r = np.minimum(y, z) / z
    assert measure(y, z, w) == pytest.approx(np.average(term(g, r), weights=w), rel=1e-12)
    assert measure(y, z, None) == pytest.approx(np.mean(term(g, r)), rel=1e-12)


def test_values_outside_the_fast_range_take_the_exact_paths() -> None:
    z = 10.0
    # A gap of 1e-15 of the line at α = 60: g^α = 1e-900 is below exp's range (0 in doubles).
    near_line = [z * (1 - 1e-15), 5.0, 20.0]
    assert m.fgt(near_line, z, 60.0) == pytest.approx(0.5**60 / 3, rel=1e-12)
    # A zero income at a positive power: r = 0 is outside the log's range, its term is 1.
    assert m.chakravarty([0.0, 5.0, 20.0], z, 0.5) == pytest.approx((1 + 1 - 0.5**0.5) / 3)
    assert m.chakravarty([0.0, 5.0, 20.0], z, 0.3) == pytest.approx((1 + 1 - 0.5**0.3) / 3)
    # r^α = 1e400 overflows at α = −2: a legitimate infinity, as NumPy's power gives.
    assert m.chu([1e-199, 5.0], z, -2.0) == math.inf
    with pytest.raises(ValueError, match="not positive"):
        m.chu([0.0, 5.0], z, -1.0)
    with pytest.raises(ValueError, match="negative"):
        m.chu([-1.0, 5.0], z, 0.25)


def test_the_loops_agree_on_a_processor_without_avx512(tmp_path) -> None:
    # numba compiles for the processor it runs on; CI or a user's laptop may lack AVX-512, where
    # LLVM turns the compress store into scalar code. Compiled for a generic x86-64 in a fresh
    # process (own cache), every additive measure must give the formula's value.
    script = """
import numpy as np
from fupin import measures as m
rng = np.random.default_rng(4)
y = rng.lognormal(3.0, 1.0, 5_003)
w = rng.uniform(0.5, 2.0, y.size)
z = float(np.quantile(y, 0.3))
g = np.maximum(z - y, 0.0) / z
r = np.minimum(y, z) / z
pairs = [
    (m.fgt(y, z, 1.5, weights=w), np.average(g**1.5, weights=w)),
    (m.chakravarty(y, z, 0.3, weights=w), np.average(1 - r**0.3, weights=w)),
    (m.watts(y, z, weights=w), np.average(-np.log(r), weights=w)),
    (m.squared_gap(y, z), np.mean(g**2)),
]
print(max(abs(ours / theirs - 1) for ours, theirs in pairs))
"""
    env = {**os.environ, "NUMBA_CPU_NAME": "generic", "NUMBA_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 1e-12


INEQUALITY = [
    ("theil", lambda y, w: m.theil(y, weights=w), lambda r: r * np.log(r)),
    ("mld", lambda y, w: m.mld(y, weights=w), lambda r: -np.log(r)),
    ("GE(2)", lambda y, w: m.generalized_entropy(y, 2, weights=w), lambda r: (r**2 - 1) / 2),
    ("GE(-1)", lambda y, w: m.generalized_entropy(y, -1, weights=w), lambda r: (1 / r - 1) / 2),
    (
        "GE(1.5)",
        lambda y, w: m.generalized_entropy(y, 1.5, weights=w),
        lambda r: (r**1.5 - 1) / 0.75,
    ),
]
ATKINSON = [0.5, 1.0, 2.0, 3.0]


@pytest.fixture
def no_numpy_streams(monkeypatch):
    """Makes the NumPy streams of the inequality measures fail the test if they run."""

    def refuse(*args, **kwargs):
        raise AssertionError("a NumPy stream ran for ordinary incomes")

    monkeypatch.setattr(inequality, "stream", refuse)


def atkinson_formula(y: np.ndarray, w: np.ndarray, eps: float) -> float:
    mu = np.average(y, weights=w)
    if eps == 1.0:
        return 1 - math.exp(np.average(np.log(y), weights=w)) / mu
    return 1 - np.average(y ** (1 - eps), weights=w) ** (1 / (1 - eps)) / mu


@pytest.mark.parametrize("layout", ["float64", "float32", "strided", "int64"])
def test_inequality_takes_two_compiled_passes(no_numpy_streams, layout: str) -> None:
    rng = np.random.default_rng(12)
    base = rng.lognormal(6.0, 0.8, 150_001)
    y = {
        "float64": base,
        "float32": base.astype(np.float32),
        "strided": np.repeat(base, 2)[::2],
        "int64": np.ceil(base).astype(np.int64),
    }[layout]
    w = rng.uniform(0.5, 2.0, base.size)
    exact = y.astype(np.float64)
    r = exact / np.average(exact, weights=w)
    for name, measure, term in INEQUALITY:
        assert measure(y, w) == pytest.approx(np.average(term(r), weights=w), rel=1e-11), name
    for eps in ATKINSON:
        got = m.atkinson(y, eps, weights=w)
        assert got == pytest.approx(atkinson_formula(exact, w, eps), rel=1e-11), eps


def test_zero_incomes_take_the_exact_streams() -> None:
    y = np.array([0.0, 1.0, 3.0, 4.0])
    mu = 2.0
    # Theil with 0·ln 0 = 0; GE(1.5) and Atkinson(0.5) with 0^p = 0; MLD refuses zeros.
    theil = sum(v / mu * math.log(v / mu) for v in y if v > 0) / 4
    assert m.theil(y) == pytest.approx(theil, rel=1e-14)
    ge = (sum((v / mu) ** 1.5 for v in y) / 4 - 1) / 0.75
    assert m.generalized_entropy(y, 1.5) == pytest.approx(ge, rel=1e-14)
    assert m.atkinson(y, 0.5) == pytest.approx(1 - (sum(np.sqrt(y)) / 4) ** 2 / mu, rel=1e-14)
    with pytest.raises(ValueError, match="not positive"):
        m.mld(y)
    with pytest.raises(ValueError, match="not positive"):
        m.atkinson(y, 2.0)


def test_a_subnormal_income_ratio_takes_the_exact_stream() -> None:
    # 1e-310 / μ is subnormal: the bit-level log would be wrong; its ln is about −714.6.
    y = [1e-310, 1.0, 2.0]
    mu = sum(y) / 3
    assert m.mld(y) == pytest.approx(-sum(math.log(v / mu) for v in y) / 3, rel=1e-14)


@pytest.mark.parametrize("eps", [0.5, 1.0, 2.0])
def test_blackorby_donaldson_takes_the_compiled_passes(no_exact_paths, eps: float) -> None:
    rng = np.random.default_rng(9)
    y = rng.lognormal(3.0, 1.0, 200_000)
    w = rng.uniform(0.5, 2.0, y.shape[0])
    z = float(np.quantile(y, 0.35))
    poor = y < z
    r, wp = y[poor] / z, w[poor]
    if eps == 1.0:
        ede = math.exp(np.average(np.log(r), weights=wp))
    else:
        ede = np.average(r ** (1 - eps), weights=wp) ** (1 / (1 - eps))
    expected = wp.sum() / w.sum() * (1 - ede)
    assert m.blackorby_donaldson(y, z, eps, weights=w) == pytest.approx(expected, rel=1e-12)


def test_blackorby_donaldson_with_a_zero_income_takes_the_exact_stream() -> None:
    # ε = ½: 0^½ = 0 is legal but outside the log's range; ε = 2 refuses the zero.
    y, z = [0.0, 4.0, 20.0], 10.0
    ede = ((0.0 + 0.4**0.5) / 2) ** 2
    assert m.blackorby_donaldson(y, z, 0.5) == pytest.approx(2 / 3 * (1 - ede), rel=1e-14)
    with pytest.raises(ValueError, match="not positive"):
        m.blackorby_donaldson(y, z, 2.0)
