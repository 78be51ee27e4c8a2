"""Scoring households: risk, the kernel's codes, the model's top factors and the alert.

The alert applies the policy's monitored-scale bound (``fupin.rules.scale``): the registered
population (members of households registered ``poor`` or ``exited``) times the monitored share
of its area — the deep-poverty share for households of deep-poverty villages. Households are then
taken in order of risk, highest first (ties: the rules' severity, then roster order), while the
people in the alerted households still fit the bound. A caller scoring a handful of households
(a village page, one card) passes the county's ``budget_people`` instead, or reads ``risk`` alone.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules.scale import ON_REGISTER, priority_order, scale_bound, severity, within_capacity
from fupin.targeting.features import FEATURE_NAMES, household_features
from fupin.targeting.risk import ReturnRiskModel

if TYPE_CHECKING:
    from fupin.policy import Policy

SCORE_COLUMNS = ("household_id", "risk", "rule_flags", "top_factors", "alert")


def check_model_features(model: ReturnRiskModel) -> None:
    """Raises ValueError when the model was trained on other features than this version builds."""
    if list(model.feature_names_) != list(FEATURE_NAMES):
        raise ValueError(
            _(
                "the model was trained on other features than this version of Fupin builds; "
                "train it again"
            )
        )


def score_households(
    households: pa.Table,
    members: pa.Table,
    model: ReturnRiskModel,
    policy: Policy,
    *,
    budget_people: float | None = None,
    deep_poverty_villages: Collection[str] = (),
    top: int = 3,
) -> pa.Table:
    """One row per household: household_id, year, size, risk, rule_flags, top_factors, alert."""
    check_model_features(model)
    results, matrix = household_features(households, members, policy)
    risk = model.predict_proba(matrix)[:, 1] if matrix.shape[0] else np.zeros(0)
    size = results["size"].to_numpy().astype(np.int64)
    if budget_people is None:
        deep = pc.is_in(
            households["village_code"], value_set=pa.array(list(deep_poverty_villages), pa.string())
        )
        registered = pc.is_in(results["registered_status"], value_set=pa.array(ON_REGISTER))
        on_register = registered.to_numpy(zero_copy_only=False)
        shares = np.where(
            pc.fill_null(deep, False).to_numpy(zero_copy_only=False),
            float(policy.monitoring.scale_share_for({"deep_poverty"})),
            float(policy.monitoring.scale_share_for(())),
        )
        budget_people = scale_bound(size * on_register, shares)
    factors = model.top_factors(matrix, k=top) if matrix.shape[0] else []
    return pa.table(
        {
            "household_id": results["household_id"],
            "year": results["year"],
            "size": results["size"],
            "risk": pa.array(risk, pa.float64()),
            "rule_flags": results["reason_codes"],
            "top_factors": pa.array([format_factors(row) for row in factors], pa.string()),
            "alert": pa.array(within_capacity(_order(risk, results), size, budget_people)),
        }
    )


def format_factors(factors: list[tuple[str, float]]) -> str:
    """``name:+value;…`` with the contributions in calibrated log-odds, three decimals."""
    return ";".join(f"{name}:{value:+.3f}" for name, value in factors)


def _order(risk: np.ndarray, results: pa.Table) -> np.ndarray:
    """Households by risk, then the severity of the rules' reasons (``fupin.rules.scale``)."""
    codes = [text.split(";") if text else [] for text in results["reason_codes"].to_pylist()]
    return priority_order(risk, np.asarray([severity(c) for c in codes], dtype=np.int64))
