"""The vectorisable logarithm inside the Watts loop, and Watts' way round the values it cannot take.

``log_normal`` must stay within 2 units in the last place of the C library's log for every
positive normal double, give exactly 0 at 1 (the non-poor add nothing), and Watts must reach
the exact NumPy path for ratios that are zero, negative or subnormal.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import measures as m
from fupin.measures import poverty
from fupin.measures._log import SMALLEST_NORMAL, log_normal

MAX_ULP = 2


def ulps_off(x: float) -> float:
    """How many units in the last place log_normal(x) is from the C library's log(x)."""
    exact = math.log(x)
    return abs(log_normal(x) - exact) / math.ulp(exact)


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
