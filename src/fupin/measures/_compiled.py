"""Compiled single-pass loops (numba) for the additive income-poverty measures.

Why: each NumPy ufunc is one more pass over the data. On a machine whose memory reads faster than
it computes, the five or six passes of a NumPy formula cost several times one read, even chunked
in cache. A compiled loop reads y and w once and does everything in registers: FGT and the
square-root measures run at the read floor. Validation rides along as sums that cannot hide a
bad value: Σ y·0 is NaN as soon as one income is NaN or infinite, NaN weights make the total
NaN, and negative weights are counted.

fastmath is limited to reordering sums (``reassoc``, ``contract``, ``nsz``) so that they
vectorise; NaN and infinities keep their meaning, which those checks rely on. Every function is
compiled once per input type and cached on disk (not under the intrinsics' fallbacks: see
``_intrinsics``).
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np

from fupin.measures._intrinsics import LANES, selected
from fupin.measures._vector_math import (
    EXP_HIGH,
    EXP_LOW,
    SMALLEST_NORMAL,
    exp_in_range,
    expm1_in_range,
    log_normal,
)

_CHOSEN = selected()  # the LLVM intrinsics, or their fallbacks where those do not work
compress_where_below = _CHOSEN.compress_where_below
prefetch = _CHOSEN.prefetch
_jit = numba.njit(cache=_CHOSEN.cache, nogil=True, fastmath={"reassoc", "contract", "nsz"})
# error_model="numpy": no zero-division check, which would keep an inlined log from vectorising.
_vector_jit = numba.njit(
    cache=_CHOSEN.cache, nogil=True, fastmath={"reassoc", "contract", "nsz"}, error_model="numpy"
)


# The terms of ``ADDITIVE``, each summed in one pass over (y, w) by its own compiled loop, with
# r = y*/z = min(y·reciprocal, 1) and g = max(z − y, 0)/z:
# GAP0, GAP1, GAP2: 1(y < z), z·g and (z·g)² (absolute gaps; the caller divides by z^α).
# ROOT: 1 − √r; a negative income gives √(negative) = NaN, which sends the caller to diagnose.
# LOG: ln r for Watts. GAP_POWER: g^power for the poor, 0 for the rest (FGT at any other α).
# ONE_MINUS_POWER: 1 − r^power = −expm1(power·ln r) (CHU, Chakravarty).
# The non-poor add exactly 0 everywhere (r = 1, ln 1 = 0). The vectorised ln, exp and expm1 of
# ``_vector_math`` are wrong outside their ranges; such values are only counted (the last sum),
# and the caller takes its exact path.
GAP0, GAP1, GAP2, ROOT, LOG, GAP_POWER, ONE_MINUS_POWER = 0, 1, 2, 3, 4, 5, 6
# For the inequality measures, with r = y·reciprocal = y/μ (not capped at 1):
# MEAN: y itself, counting incomes below ``z`` (0, or the smallest double for "positive").
# REL_LOG: ln r. REL_XLOGX: r·ln r. REL_POWER: r^power = exp(power·ln r); the usual powers 2, ½
# and −1 (GE(2), Atkinson(½), GE(−1) and Atkinson(2)) as r², √r and 1/r, at a third of the cost.
MEAN, REL_LOG, REL_XLOGX, REL_POWER, REL_SQUARE, REL_ROOT, REL_RECIPROCAL = range(7, 14)
# For Blackorby–Donaldson, over the poor only: POOR_POWER r^power, POOR_LOG ln r.
POOR_POWER, POOR_LOG = 14, 15
_LARGEST = 1.7976931348623157e308


def _additive_loop(kind: int) -> Any:
    """The compiled loop of one term of ``ADDITIVE``, ``kind`` frozen into it as a constant.

    Why one loop per term: with ``kind`` an argument, the compiler moved the choice out of the
    loop for four terms but not for seven, and every term paid for it. numba compiles
    a closure's variables as constants and caches each kind under its own key (the closure's
    contents are part of the cache key)."""

    @_vector_jit
    def additive_sums(y, w, z, reciprocal, power):  # type: ignore[no-untyped-def]
        """(Σ w·term, Σ w, Σ y·0, count of w < 0, count of values outside the fast functions)
        in one pass over (y, w); the term is this loop's ``kind``."""
        acc = 0.0
        total = 0.0
        check = 0.0
        negative = 0
        outside = 0
        for i in range(y.shape[0]):
            yi = y[i]
            if kind == ROOT:
                term = 1.0 - math.sqrt(min(yi * reciprocal, 1.0))
            elif kind == LOG:
                ratio = min(yi * reciprocal, 1.0)
                term = log_normal(ratio)
                outside += ratio < SMALLEST_NORMAL
            elif kind == MEAN:
                term = yi
                outside += yi < z
            elif kind >= REL_SQUARE:  # REL_SQUARE, REL_ROOT, REL_RECIPROCAL
                ratio = yi * reciprocal
                if kind == REL_SQUARE:
                    term = ratio * ratio
                elif kind == REL_ROOT:
                    term = math.sqrt(ratio)  # (negative incomes were refused by the mean's pass)
                else:
                    term = 1.0 / ratio  # (so were zero ones, for the powers below 0)
            elif kind >= REL_LOG:  # REL_LOG, REL_XLOGX, REL_POWER: functions of r = y/μ
                ratio = yi * reciprocal
                log = log_normal(ratio)
                outside += (ratio < SMALLEST_NORMAL) | (ratio > _LARGEST)
                if kind == REL_LOG:
                    term = log
                elif kind == REL_XLOGX:
                    term = ratio * log
                else:
                    exponent = power * log
                    term = exp_in_range(exponent)
                    outside += (exponent < EXP_LOW) | (exponent > EXP_HIGH)
            else:
                gap = max(z - yi, 0.0)
                if kind == GAP0:
                    term = 1.0 if yi < z else 0.0
                elif kind == GAP1:
                    term = gap
                else:
                    term = gap * gap
            check += yi * 0.0
            if w is None:
                acc += term
                total += 1.0
            else:
                wi = w[i]
                acc += wi * term
                total += wi
                negative += wi < 0.0
        return acc, total, check, negative, outside

    return additive_sums


PACK_CHUNK = 1024  # rows packed at a time: the chunk's buffers (32 kB) stay in L1


def _packed_loop(kind: int) -> Any:
    """The loop of GAP_POWER, ONE_MINUS_POWER, POOR_POWER or POOR_LOG: the poor packed first,
    then their terms.

    A log and an exp of every row would mostly be wasted: the non-poor's term is 0. Chunk by
    chunk, the keys (−g or r, negative or below 1 for the poor) and weights go to L1 buffers,
    the poor are packed eight at a time by AVX-512's compress store, and the log and exp run on
    them alone; packing costs less than the log and exp it saves.
    While it packs, the loop asks for the next chunk's cache lines, one per block of eight: the
    reads then overlap the log and exp instead of following them (asking for the whole chunk at
    once stalled the loop instead)."""

    @_vector_jit
    def packed_sums(y, w, z, reciprocal, power):  # type: ignore[no-untyped-def]
        """(Σ w·term, Σ w, Σ y·0, count of w < 0, count of values outside the fast functions)
        in one pass over (y, w); the term is this loop's ``kind``."""
        gaps = kind == GAP_POWER
        limit = 0.0 if gaps else 1.0
        keys = np.empty(PACK_CHUNK)
        weights = np.empty(PACK_CHUNK)
        packed = np.empty(PACK_CHUNK + LANES)  # spare room: a block's store never runs over
        packed_weights = np.empty(PACK_CHUNK + LANES)
        acc = 0.0
        total = 0.0
        check = 0.0
        negative = 0
        outside = 0
        for first in range(0, y.shape[0], PACK_CHUNK):
            size = min(PACK_CHUNK, y.shape[0] - first)
            yc = y[first : first + size]  # slices: y[first + j] would stop the vectoriser
            wc = None if w is None else w[first : first + size]
            for j in range(size):
                yi = yc[j]
                check += yi * 0.0
                keys[j] = (yi - z) * reciprocal if gaps else yi * reciprocal
                if wc is None:
                    total += 1.0
                else:
                    wi = wc[j]
                    weights[j] = wi
                    total += wi
                    negative += wi < 0.0
            count = 0
            whole = size - size % LANES
            ahead = first + PACK_CHUNK
            for j in range(0, whole, LANES):
                if ahead + j < y.shape[0]:  # a line of the next chunk per block, see above
                    prefetch(y, ahead + j)
                    if w is not None:
                        prefetch(w, ahead + j)
                if w is not None:
                    compress_where_below(keys, weights, j, limit, packed_weights, count)
                count += compress_where_below(keys, keys, j, limit, packed, count)
            for j in range(whole, size):
                if keys[j] < limit:
                    packed[count] = keys[j]
                    if w is not None:
                        packed_weights[count] = weights[j]
                    count += 1
            part = 0.0
            for j in range(count):
                base = -packed[j] if gaps else packed[j]  # g or r
                log = log_normal(base)
                exponent = power * log
                if kind == ONE_MINUS_POWER:
                    term = -expm1_in_range(exponent)
                elif kind == POOR_LOG:
                    term = log
                    exponent = 0.0  # in range: no exp taken
                else:
                    term = exp_in_range(exponent)
                outside += (base < SMALLEST_NORMAL) | (exponent < EXP_LOW) | (exponent > EXP_HIGH)
                part += term if w is None else packed_weights[j] * term
            acc += part
        return acc, total, check, negative, outside

    return packed_sums


ADDITIVE = {  # compiled on first use
    **{kind: _additive_loop(kind) for kind in (GAP0, GAP1, GAP2, ROOT, LOG)},
    **{kind: _additive_loop(kind) for kind in range(MEAN, REL_RECIPROCAL + 1)},
    **{kind: _packed_loop(kind) for kind in (GAP_POWER, ONE_MINUS_POWER, POOR_POWER, POOR_LOG)},
}


@_jit
def achievement_rows(x, lo, hi, cutoffs, increments, threshold, sw, scale1, scale2,
                     scores, poor, uncensored, censored, scalars):  # type: ignore[no-untyped-def]  # fmt: skip
    """Alkire–Foster over achievements, rows lo..hi: fills scores and poor, adds up the sums.

    Into ``uncensored`` and ``censored`` (length d) and ``scalars``: Σ w·gap·scale1,
    Σ w·gap²·scale2, poor weight, NaN count. Gaps are max(z − x, 0), taken for the poor only
    (the non-poor are censored, and an infinite gap times a zero weight would be NaN).
    Integer-valued increments keep scores exact."""
    d = x.shape[1]
    deprived = np.empty(d)
    gap1 = 0.0
    gap2 = 0.0
    poor_weight = 0.0
    nan = 0
    for i in range(lo, hi):
        wi = 1.0 if sw is None else sw[i]
        score = 0.0
        for j in range(d):
            value = x[i, j]
            dj = 1.0 if value < cutoffs[j] else 0.0
            nan += value != value
            deprived[j] = dj
            score += increments[j] * dj
        for j in range(d):  # a separate loop: it vectorises, the one above does not
            uncensored[j] += wi * deprived[j]
        is_poor = score >= threshold
        scores[i] = score
        poor[i] = is_poor
        if is_poor:
            poor_weight += wi
            for j in range(d):
                censored[j] += wi * deprived[j]
                gap = max(cutoffs[j] - x[i, j], 0.0)
                gap1 += wi * gap * scale1[j]
                gap2 += wi * gap * gap * scale2[j]
    scalars[0] += gap1
    scalars[1] += gap2
    scalars[2] += poor_weight
    scalars[3] += nan


@_jit
def group_sums(codes, sw, poor, scores, size):  # type: ignore[no-untyped-def]
    """Per group code: (population weight, poor weight, poor weight × score), in one pass."""
    population = np.zeros(size)
    headcount = np.zeros(size)
    score_weight = np.zeros(size)
    for i in range(codes.shape[0]):
        code = codes[i]
        wi = 1.0 if sw is None else sw[i]
        population[code] += wi
        poor_weight = wi if poor[i] else 0.0
        headcount[code] += poor_weight
        score_weight[code] += poor_weight * scores[i]
    return population, headcount, score_weight


@_jit
def total_and_negatives(values):  # type: ignore[no-untyped-def]
    """(Σ values, how many are negative) in one pass: sample weights checked while summed."""
    total = 0.0
    negative = 0
    for i in range(values.shape[0]):
        total += values[i]
        negative += values[i] < 0
    return total, negative


@_jit
def bounds(values):  # type: ignore[no-untyped-def]
    """(minimum, maximum) of a non-empty integer array in one pass."""
    low = values[0]
    high = values[0]
    for i in range(values.shape[0]):
        low = min(low, values[i])
        high = max(high, values[i])
    return low, high
