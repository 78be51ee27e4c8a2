"""ln, exp and expm1 that a compiled loop can vectorise (numba), for Watts and general powers.

Why: numba calls the C library's scalar ``log`` and ``exp`` for ``math.log`` and ``math.exp``, so
a loop that takes one cannot use vector instructions: a scalar log does not vectorise, and a
Watts loop built on it is many times slower than one read of the data. NumPy's SIMD log and exp
are fast, but only as separate passes over a buffer. These functions are plain arithmetic on the
bits of the float, so LLVM vectorises them inside the caller's loop, which then reads its data
once.

``log_normal``: fdlibm's ``e_log.c`` (Sun Microsystems, 1993) with musl's branch-free
reduction: x = 2^k·m with m in [√½, √2), s = f/(2 + f) for f = m − 1, and
ln x = k·ln 2 + 2s + s·R(s²), R the fdlibm minimax polynomial (error below 2⁻⁵⁸·⁴⁵ on that range).

``exp_in_range`` and ``expm1_in_range``: x = k·ln 2 + r with |r| ≤ ½ ln 2, e^r − 1 by its Taylor
polynomial to r¹⁴ (the first term left out is below 2⁻⁶¹ of the sum), then
e^x = 2^k·(1 + (e^r − 1)) and e^x − 1 = 2^k·(e^r − 1) + (2^k − 1), 2^k built from its bits.

Measured against the C library (tests/measures/test_measures_vector_math.py): ln and expm1 within
2 units in the last place, exp within 1 (the C library's and NumPy's: within 1). Each is valid on
a stated range only — ln for positive normal doubles, exp and expm1 for ``EXP_LOW`` ≤ x ≤
``EXP_HIGH`` — and the callers count arguments outside it and take an exact path for those, so
that no branch or select for them sits in the vector loop.
"""

from __future__ import annotations

import numba

from fupin.measures._intrinsics import selected

_CHOSEN = selected()  # the LLVM intrinsics, or their fallbacks where those do not work

SMALLEST_NORMAL = 2.2250738585072014e-308
EXP_LOW, EXP_HIGH = -708.0, 709.0  # 2^k stays a normal double: k from −1021 to 1023

_SQRT_HALF_BITS = 0x3FE6A09E667F3BCD  # the bits of √½: x − this, shifted, gives k
_MANTISSA = 0x000FFFFFFFFFFFFF
_LN2_HI = 6.93147180369123816490e-01  # ln 2 split so that k·_LN2_HI is exact for |k| < 2¹¹
_LN2_LO = 1.90821492927058770002e-10
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01


# The float64 ↔ int64 bitcasts come from ``_intrinsics`` (an LLVM bitcast or its fallback).
_bits = _CHOSEN.float_to_bits
_from_bits = _CHOSEN.bits_to_float


# Only ``contract`` (fused multiply-add): reassociation would undo the order of the sums that
# keeps the error at 2 ulp. The flags stay on these instructions when LLVM inlines the function
# into a caller compiled with ``reassoc``. ``error_model="numpy"``: no zero-division check on
# f/(2 + f), which cannot divide by zero and would stop the vectoriser.
@numba.njit(cache=_CHOSEN.cache, nogil=True, fastmath={"contract"}, error_model="numpy")
def log_normal(x):  # type: ignore[no-untyped-def]
    """ln x for a positive normal float64 (see the module docstring for others)."""
    t = _bits(x) - _SQRT_HALF_BITS
    k = float(t >> 52)  # arithmetic shift: the floor, negative below √½
    f = _from_bits((t & _MANTISSA) + _SQRT_HALF_BITS) - 1.0  # exact: m is within 2 of 1
    s = f / (2.0 + f)
    z = s * s
    r = z * (_LG1 + z * (_LG2 + z * (_LG3 + z * (_LG4 + z * (_LG5 + z * (_LG6 + z * _LG7))))))
    return k * _LN2_HI + (2.0 * s + (s * r + k * _LN2_LO))


_INV_LN2 = 1.4426950408889634
_ROUNDING = 6755399441055744.0  # 1.5·2⁵²: adding and subtracting it rounds to an integer
_E2, _E3, _E4, _E5 = 1 / 2, 1 / 6, 1 / 24, 1 / 120
_E6, _E7, _E8, _E9 = 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880
_E10, _E11, _E12 = 1 / 3628800, 1 / 39916800, 1 / 479001600
_E13, _E14 = 1 / 6227020800, 1 / 87178291200


# ``contract`` only, as for the log: the rounding trick below must not be reassociated away.
@numba.njit(cache=_CHOSEN.cache, nogil=True, fastmath={"contract"}, error_model="numpy")
def _reduced(x):  # type: ignore[no-untyped-def]
    """(2^k, e^r − 1) with x = k·ln 2 + r, |r| ≤ ½ ln 2."""
    k = (x * _INV_LN2 + _ROUNDING) - _ROUNDING
    r = (x - k * _LN2_HI) - k * _LN2_LO
    tail = _E3 + r * (_E4 + r * (_E5 + r * (_E6 + r * (_E7 + r * (_E8 + r * (_E9 + r * (
        _E10 + r * (_E11 + r * (_E12 + r * (_E13 + r * _E14))))))))))  # fmt: skip
    scale = _from_bits((numba.int64(k) + 1023) << 52)
    return scale, r + r * r * (_E2 + r * tail)


@numba.njit(cache=_CHOSEN.cache, nogil=True, fastmath={"contract"}, error_model="numpy")
def exp_in_range(x):  # type: ignore[no-untyped-def]
    """e^x for EXP_LOW ≤ x ≤ EXP_HIGH (see the module docstring for others)."""
    scale, em1 = _reduced(x)
    return scale + scale * em1


@numba.njit(cache=_CHOSEN.cache, nogil=True, fastmath={"contract"}, error_model="numpy")
def expm1_in_range(x):  # type: ignore[no-untyped-def]
    """e^x − 1 for EXP_LOW ≤ x ≤ EXP_HIGH, accurate near 0 (see the module docstring)."""
    scale, em1 = _reduced(x)
    return scale * em1 + (scale - 1.0)
