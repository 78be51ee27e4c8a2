"""Input conversion and validation shared by every measure.

Conversion never copies a one-dimensional numeric array: float32 or integer inputs are converted
chunk by chunk by the kernels, so a 10 M-element column costs no hidden 80 MB copy. The expensive
diagnostics (counting NaNs, non-positive incomes …) only run on the error path.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_
from fupin.i18n import ngettext

Array = np.ndarray


def as_vector(values: Any, name: str) -> Array:
    """A one-dimensional numeric view of any array-like (list, NumPy, pandas or polars Series)."""
    try:
        array = np.asarray(values)
        if array.dtype.kind not in "biuf":
            array = array.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(_("{name} must be numbers").format(name=_(name))) from exc
    if array.ndim != 1:
        raise ValueError(
            _("{name} must be one-dimensional, got {ndim} dimensions").format(
                name=_(name), ndim=array.ndim
            )
        )
    if array.shape[0] == 0:
        raise ValueError(_("{name} are empty").format(name=_(name)))
    return array


def as_weights(weights: Any, n: int) -> Array | None:
    """The sample weights as a vector of length n, or None when absent."""
    if weights is None:
        return None
    w = as_vector(weights, N_("weights"))
    if w.shape[0] != n:
        raise ValueError(
            _("incomes and weights have different lengths ({n} and {m})").format(n=n, m=w.shape[0])
        )
    return w


def check_line(z: Any) -> float:
    """The poverty line as a positive finite float."""
    try:
        line = float(z)
    except (TypeError, ValueError) as exc:
        raise ValueError(_("the poverty line must be a number")) from exc
    if not (math.isfinite(line) and line > 0):
        raise ValueError(
            _("the poverty line must be a positive finite number, got {z}").format(z=z)
        )
    return line


def check_parameter(
    value: Any,
    name: str,
    low: float,
    high: float,
    *,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """A finite real parameter inside [low, high] (bounds optionally open)."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(_("{name} must be a number").format(name=name)) from exc
    too_low = number <= low if open_low else number < low
    too_high = number >= high if open_high else number > high
    if not math.isfinite(number) or too_low or too_high:
        left = "(" if open_low else "["
        right = ")" if open_high else "]"
        interval = f"{left}{low:g}, {high:g}{right}"
        raise ValueError(
            _("{name} must lie in {interval}, got {value}").format(
                name=name, interval=interval, value=value
            )
        )
    return number


def diagnose(y: Array, w: Array | None, require: str | None, measure: str) -> None:
    """Raises the precise ValueError for data a kernel found unusable (the slow, rare path)."""
    y = np.asarray(y, dtype=np.float64)
    nans = int(np.count_nonzero(np.isnan(y)))
    if nans:
        raise ValueError(
            ngettext(
                "incomes contain {n} NaN value", "incomes contain {n} NaN values", nans
            ).format(n=nans)
        )
    infinite = int(np.count_nonzero(np.isinf(y)))
    if infinite:
        raise ValueError(
            ngettext(
                "incomes contain {n} infinite value",
                "incomes contain {n} infinite values",
                infinite,
            ).format(n=infinite)
        )
    if w is not None:
        diagnose_weights(w)
    if require == "positive":
        bad = int(np.count_nonzero(y <= 0))
        if bad:
            raise ValueError(
                ngettext(
                    "{n} income is not positive; {measure} needs incomes above zero",
                    "{n} incomes are not positive; {measure} needs incomes above zero",
                    bad,
                ).format(n=bad, measure=measure)
            )
    if require == "nonnegative":
        bad = int(np.count_nonzero(y < 0))
        if bad:
            raise ValueError(
                ngettext(
                    "{n} income is negative; {measure} needs incomes of zero or more",
                    "{n} incomes are negative; {measure} needs incomes of zero or more",
                    bad,
                ).format(n=bad, measure=measure)
            )


def diagnose_weights(w: Array) -> None:
    """Raises the precise ValueError for unusable weights."""
    w = np.asarray(w, dtype=np.float64)
    if np.isnan(w).any():
        raise ValueError(_("weights contain NaN"))
    if np.isinf(w).any():
        raise ValueError(_("weights contain infinite values"))
    negative = int(np.count_nonzero(w < 0))
    if negative:
        raise ValueError(
            ngettext("{n} weight is negative", "{n} weights are negative", negative).format(
                n=negative
            )
        )
    if not w.sum() > 0:
        raise ValueError(_("weights sum to zero"))


def nonpositive_mean() -> ValueError:
    """The error for a distribution whose (weighted) mean is not positive."""
    return ValueError(_("the mean income is not positive, so relative measures are undefined"))
