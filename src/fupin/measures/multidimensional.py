"""Alkire–Foster (2011) multidimensional poverty: identification with a dual cutoff, the adjusted
headcount M0 (and M1, M2), with breakdowns by indicator and by subgroup.

Achievements are scanned by one compiled loop (``_compiled.achievement_rows``); 0/1 deprivations
in cache-sized NumPy blocks (their scores one small matrix product). Indicator weights are
integer-valued on a common scale (``_rational``), so scores are exact either way, and no n × d
deprivation or gap matrix is ever materialised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.measures._checks import Array, as_weights, check_parameter, diagnose_weights
from fupin.measures._kernel import PARTS, in_parts, single_threaded_blas
from fupin.measures._rational import ScoreScale, score_scale
from fupin.measures.af_result import AFGroup, AFResult

ROW_BLOCK = 1 << 12
FLOAT32_EXACT = 1 << 24


def _matrix(x: Any) -> Array:
    try:
        matrix = np.asarray(x)
        if matrix.dtype.kind not in "biuf":
            matrix = matrix.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(_("achievements must be numbers")) from exc
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(
            _("achievements must be a non-empty two-dimensional array (units × indicators)")
        )
    return matrix


def _cutoffs(z: Any, d: int) -> Array | None:
    if z is None:
        return None
    cutoffs = np.asarray(z, dtype=np.float64).reshape(-1)
    if cutoffs.shape[0] != d:
        raise ValueError(_("{n} cutoffs for {d} indicators").format(n=cutoffs.shape[0], d=d))
    if not np.isfinite(cutoffs).all():
        raise ValueError(_("cutoffs must be finite numbers"))
    return cutoffs


def _indicator_weights(weights: Any, d: int) -> Array:
    if weights is None:
        return np.ones(d)
    raw = np.asarray(weights, dtype=np.float64).reshape(-1)
    if raw.shape[0] != d:
        raise ValueError(_("{n} indicator weights for {d} indicators").format(n=raw.shape[0], d=d))
    if not (np.isfinite(raw).all() and (raw >= 0).all() and raw.sum() > 0):
        raise ValueError(_("indicator weights must be non-negative finite numbers, not all zero"))
    return raw


@dataclass
class _Sums:
    """Running column and scalar sums over row blocks."""

    uncensored: Array
    censored: Array
    gap1: float = 0.0
    gap2: float = 0.0
    total: float = 0.0
    poor: float = 0.0


def _check_block(block: Array, cutoffs: Array | None, first_row: int) -> None:
    """Rejects NaN anywhere and, for deprivation input, values other than 0 and 1.

    One reduction per block in the usual case: the maximum is NaN when any value is (a max is
    faster than a sum, and ±inf achievements cannot fake it)."""
    if cutoffs is not None:
        if not np.isnan(block.max()):
            return
        nan_rows = np.flatnonzero(np.isnan(block).any(axis=1))
        if nan_rows.shape[0] == 0:
            return  # ±inf achievements are legal: −inf is deprived, +inf is not
        raise ValueError(
            _("achievements contain NaN (row {row})").format(row=first_row + int(nan_rows[0]) + 1)
        )
    low, high = block.min(), block.max()
    # For values in [0, 1], x² = x exactly when x is 0 or 1; integers need no such check.
    binary = low >= 0 and high <= 1
    if binary and block.dtype.kind == "f":
        flat = block.reshape(-1)
        binary = float(np.dot(flat, flat)) == float(flat.sum())
    if binary:
        return
    bad = np.flatnonzero(((block != 0) & (block != 1)).any(axis=1))
    raise ValueError(
        _("deprivations must be 0 or 1 when no cutoffs are given (row {row})").format(
            row=first_row + int(bad[0]) + 1
        )
    )


def _work_dtype(scale: ScoreScale, sw: Array | None) -> type:
    """float32 when every product is an exact integer in it, else float64.

    float32 holds integers below 2**24 exactly, so unweighted column counts (at most ROW_BLOCK)
    and exact scores (at most the denominator) come out exact from single-precision products,
    which write and read half the bytes. Sample weights need float64."""
    if sw is None and scale.exact and scale.denominator < FLOAT32_EXACT:
        return np.float32
    return np.float64


def _scan(
    matrix: Array,
    cutoffs: Array | None,
    scale: ScoreScale,
    sw: Array | None,
    relative: Array,
    scores: Array,
    poor: Array,
) -> _Sums:
    """One pass over the rows: fills scores and poor, accumulates headcounts and gap sums."""
    if cutoffs is not None:
        return _scan_achievements(matrix, cutoffs, scale, sw, relative, scores, poor)
    return _scan_deprivations(matrix, scale, sw, scores, poor)


def _scan_achievements(
    matrix: Array,
    cutoffs: Array,
    scale: ScoreScale,
    sw: Array | None,
    relative: Array,
    scores: Array,
    poor: Array,
) -> _Sums:
    """Achievements: one compiled pass (deprivation, score and gaps of a row while it is in
    registers), over fixed row parts on both cores; NumPy's blocks wrote and re-read a
    deprivation and a gap matrix per block, and gathered the poor rows, which was slower even
    on one core. Dividing by z is folded into the indicator weights (relative/z, relative/z²)."""
    from fupin.measures._compiled import achievement_rows

    d = matrix.shape[1]
    uncensored, censored = np.zeros((PARTS, d)), np.zeros((PARTS, d))
    scalars = np.zeros((PARTS, 4))
    scale1, scale2 = relative / cutoffs, relative / cutoffs**2

    def part(k: int, start: int, stop: int) -> None:
        achievement_rows(matrix, start, stop, cutoffs, scale.increments, scale.threshold, sw,
                         scale1, scale2, scores, poor, uncensored[k], censored[k], scalars[k])  # fmt: skip

    in_parts(part, matrix.shape[0])
    gap1, gap2, poor_weight, nan = (float(v) for v in scalars.sum(axis=0))
    if nan:
        _check_block(matrix, cutoffs, 0)  # names the first row with NaN
    total = float(matrix.shape[0]) if sw is None else 0.0  # weighted: the caller's sum
    return _Sums(uncensored.sum(axis=0), censored.sum(axis=0), gap1, gap2, total, poor_weight)


def _scan_deprivations(
    matrix: Array, scale: ScoreScale, sw: Array | None, scores: Array, poor: Array
) -> _Sums:
    """0/1 deprivations in cache-sized row blocks: the score is one small matrix product (in
    float32 when exact), the column sums one more; no n × d matrix is materialised.

    Elementwise work runs on the flattened block: broadcasting a (d,) vector over (m, d) makes
    NumPy loop d elements at a time, which is slow for a handful of indicators."""
    n, d = matrix.shape
    rows = min(ROW_BLOCK, n)
    sums = _Sums(np.zeros(d), np.zeros(d))
    dtype = _work_dtype(scale, sw)
    deprived_buffer = np.empty(rows * d, dtype=dtype)
    score_buffer = np.empty(rows, dtype=dtype)
    increments: Array = scale.increments.astype(dtype)
    pair_buffer = np.ones((2, rows), dtype=dtype)  # row 0 stays 1 when unweighted
    for start in range(0, n, ROW_BLOCK):
        stop = min(start + ROW_BLOCK, n)
        m = stop - start
        block = np.ascontiguousarray(matrix[start:stop])
        _check_block(block, None, start)
        size = m * d
        np.copyto(deprived_buffer[:size], block.reshape(-1), casting="unsafe")
        deprived = deprived_buffer[:size].reshape(m, d)
        block_scores = np.matmul(deprived, increments, out=score_buffer[:m])
        block_poor = np.greater_equal(block_scores, scale.threshold, out=poor[start:stop])
        np.copyto(scores[start:stop], block_scores)
        pair = pair_buffer[:, :m]
        if sw is None:
            np.copyto(pair[1], block_poor)
            sums.total += m
            sums.poor += np.count_nonzero(block_poor)
        else:
            pair[0] = sw[start:stop]  # their total is summed once by the caller
            np.multiply(pair[0], block_poor, out=pair[1])
            sums.poor += float(pair[1].sum())
        both = pair @ deprived  # one small product for the uncensored and censored sums
        sums.uncensored += both[0]
        sums.censored += both[1]
    return sums


def _group_codes(groups: Any, n: int) -> tuple[Array, list[Any]]:
    """Integer codes 0..g-1 (or sparse small integers) and the label of each code."""
    if hasattr(groups, "cat"):  # pandas categorical: use its codes, no sort of labels
        codes = np.asarray(groups.cat.codes)
        categories = list(groups.cat.categories)
        if codes.shape[0] != n or (codes < 0).any():
            raise ValueError(_("groups must have one label per unit, with no missing labels"))
        return codes, categories
    labels = np.asarray(groups)
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ValueError(_("groups must have one label per unit, with no missing labels"))
    if labels.dtype.kind in "iu":
        from fupin.measures._compiled import bounds

        low, high = bounds(labels)
        if low >= 0 and high < (1 << 20):
            return labels, list(range(int(high) + 1))
    unique, codes = np.unique(labels, return_inverse=True)
    return codes.reshape(-1), [
        value.item() if hasattr(value, "item") else value for value in unique
    ]


def _by_group(
    groups: Any, sw: Array | None, poor: Array, scores: Array, national_m0: float
) -> dict[Any, AFGroup]:
    """Each group's share, H, A, M0 and contribution, from one pass of group sums."""
    from fupin.measures._compiled import group_sums

    codes, labels = _group_codes(groups, poor.shape[0])
    # One pass with three running sums per group: three weighted bincounts were slower.
    population, headcount, score_weight = group_sums(codes, sw, poor, scores, len(labels))
    present = population > 0
    safe = np.where(present, population, 1.0)
    h = headcount / safe
    m0 = score_weight / safe
    share = population / population.sum()
    a = np.divide(m0, h, out=np.zeros_like(m0), where=h > 0)
    contribution = share * m0 / national_m0 if national_m0 > 0 else np.zeros_like(m0)
    # Plain Python floats, built in bulk: per-group NumPy scalar arithmetic dominated with
    # hundreds of groups.
    rows = zip(
        labels,
        present.tolist(),
        share.tolist(),
        h.tolist(),
        a.tolist(),
        m0.tolist(),
        contribution.tolist(),
        strict=True,
    )
    return {
        label: AFGroup(share=sh, H=hh, A=aa, M0=mm, contribution=cc)
        for label, keep, sh, hh, aa, mm, cc in rows
        if keep
    }


def alkire_foster(
    x: Any,
    z: Any = None,
    *,
    indicator_weights: Any = None,
    k: float,
    sample_weights: Any = None,
    groups: Any = None,
) -> AFResult:
    """Alkire–Foster M0/M1/M2 with H, A, indicator contributions and subgroup breakdown."""
    matrix = _matrix(x)
    n, d = matrix.shape
    cutoffs = _cutoffs(z, d)
    if cutoffs is not None and not (cutoffs > 0).all():
        # Normalised gaps (z − x)/z need positive cutoffs.
        raise ValueError(_("cutoffs must be positive to normalise gaps"))
    raw = _indicator_weights(indicator_weights, d)
    relative = raw / raw.sum()
    share = check_parameter(k, "k", 0.0, 1.0, open_low=True)
    scale = score_scale(relative, raw, share)
    sw = as_weights(sample_weights, n)
    weight_sum = 0.0
    if sw is not None:
        from fupin.measures._compiled import total_and_negatives

        sw = sw.astype(np.float64, copy=False)
        weight_sum, negative = total_and_negatives(sw)  # NaN weights make the sum NaN
        if negative or not (math.isfinite(weight_sum) and weight_sum > 0):
            diagnose_weights(sw)
    scores = np.empty(n)
    poor = np.empty(n, dtype=bool)
    with single_threaded_blas():
        sums = _scan(matrix, cutoffs, scale, sw, relative, scores, poor)
    scores /= scale.denominator
    total = sums.total if sw is None else weight_sum
    poor_weight = sums.poor
    censored = sums.censored / total
    m0 = float(censored @ relative)
    h = poor_weight / total
    contributions = relative * censored / m0 if m0 > 0 else np.zeros(d)
    by_group = {} if groups is None else _by_group(groups, sw, poor, scores, m0)
    return AFResult(
        H=h,
        A=m0 / h if h > 0 else 0.0,
        M0=m0,
        M1=sums.gap1 / total if cutoffs is not None else None,
        M2=sums.gap2 / total if cutoffs is not None else None,
        uncensored_headcounts=sums.uncensored / total,
        censored_headcounts=censored,
        contributions=contributions,
        scores=scores,
        poor=poor,
        by_group=by_group,
    )


__all__ = ["AFGroup", "AFResult", "alkire_foster"]
