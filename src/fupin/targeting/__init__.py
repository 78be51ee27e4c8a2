"""Targeting models (no Django): the return-to-poverty risk model, its data and its evaluation.

Models follow scikit-learn's conventions: parameters in ``__init__``, learned attributes ending in
``_``, ``fit`` returns ``self``. The panel (roster format, one households row per household and
year) is read by ``read_panel`` or checked by ``panel_from_tables``; ``train_model`` learns from
every consecutive year pair, ``evaluate_model`` measures it against the rules on unseen years and
``score_households`` gives risk, the kernel's codes, the top factors and the alert. See
docs/monitoring.md.
"""

from fupin.targeting.evaluate import RiskReport, evaluate_risk, reliability_table, top_share_mask
from fupin.targeting.features import FEATURE_NAMES, household_features
from fupin.targeting.pairs import TrainingPairs, training_pairs
from fupin.targeting.panel import Panel, PanelError, panel_from_tables
from fupin.targeting.panel_reader import PanelValueError, read_panel
from fupin.targeting.risk import ReturnRiskModel
from fupin.targeting.scoring import SCORE_COLUMNS, score_households
from fupin.targeting.training import Evaluation, evaluate_model, train_model

__all__ = [
    "FEATURE_NAMES",
    "SCORE_COLUMNS",
    "Evaluation",
    "Panel",
    "PanelError",
    "PanelValueError",
    "ReturnRiskModel",
    "RiskReport",
    "TrainingPairs",
    "evaluate_model",
    "evaluate_risk",
    "household_features",
    "panel_from_tables",
    "read_panel",
    "reliability_table",
    "score_households",
    "top_share_mask",
    "train_model",
    "training_pairs",
]
