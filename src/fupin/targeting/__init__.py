"""Targeting models (no Django): the return-to-poverty risk model and its evaluation.

Models follow scikit-learn's conventions: parameters in ``__init__``, learned attributes ending in
``_``, ``fit`` returns ``self``.
"""

from fupin.targeting.evaluate import RiskReport, evaluate_risk, reliability_table, top_share_mask
from fupin.targeting.risk import ReturnRiskModel

__all__ = ["ReturnRiskModel", "RiskReport", "evaluate_risk", "reliability_table", "top_share_mask"]
