"""Training the risk model on a panel and evaluating it, and the rules-only baseline, on unseen years."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from fupin.i18n import gettext as _
from fupin.targeting.evaluate import RiskReport, evaluate_risk
from fupin.targeting.features import FEATURE_NAMES
from fupin.targeting.pairs import TrainingPairs, training_pairs
from fupin.targeting.panel import Panel, PanelError
from fupin.targeting.risk import ReturnRiskModel
from fupin.targeting.scoring import check_model_features

if TYPE_CHECKING:
    from fupin.policy import Policy

FEATURE_SET = "fupin-household-features/1"


@dataclass(frozen=True)
class Evaluation:
    """The model and the rules-only baseline measured on the same unseen pairs."""

    model: RiskReport
    rules: RiskReport
    target_years: list[int]


def train_model(
    panel: Panel,
    policy: Policy,
    *,
    until: int | None = None,
    random_state: int = 0,
    **params: float,
) -> ReturnRiskModel:
    """Fits the model on every consecutive year pair whose outcome year is at most ``until``."""
    targets = [u for _t, u in panel.consecutive_pairs() if until is None or u <= until]
    pairs = training_pairs(panel, policy, targets)
    if len(np.unique(pairs.outcome)) < 2:
        message = _(
            "the panel has no household that fell below the line (or none that did not): "
            "nothing to learn"
        )
        raise PanelError([message])
    model = ReturnRiskModel(random_state=random_state, **params)  # type: ignore[arg-type]
    model.fit(pairs.features, pairs.outcome, feature_names=list(FEATURE_NAMES))
    model.metadata_ = {
        "feature_set": FEATURE_SET,
        "target_years": pairs.target_years,
        "pairs": int(pairs.outcome.size),
        "positives": int(pairs.outcome.sum()),
        "policy": policy.stamp(),
    }
    return model


def evaluate_model(
    panel: Panel,
    model: ReturnRiskModel,
    policy: Policy,
    target_years: Iterable[int] | None = None,
    *,
    seed: int = 0,
) -> Evaluation:
    """AUC, precision/recall at the monitored scale and calibration on years the model did not see."""
    check_model_features(model)
    seen = set(getattr(model, "metadata_", {}).get("target_years", []))
    available = [u for _t, u in panel.consecutive_pairs()]
    chosen = [u for u in (target_years or available) if u not in seen and u in available]
    if not chosen:
        message = _(
            "the model has seen every outcome year of this panel ({years}); "
            "train it with --until an earlier year"
        )
        raise PanelError([message.format(years=", ".join(map(str, available)))])
    pairs = training_pairs(panel, policy, chosen)
    share = float(policy.monitoring.scale_share)
    risk = model.predict_proba(pairs.features)[:, 1]
    return Evaluation(
        model=evaluate_risk(risk, pairs.outcome, share),
        rules=rules_report(pairs, share, seed),
        target_years=chosen,
    )


def rules_report(pairs: TrainingPairs, share: float, seed: int = 0) -> RiskReport:
    """The rules-only baseline: rank by the number of codes the kernel raised.

    The count has many ties; the monitored share is filled by a seeded random order within a tie
    (not by roster order, which would favour whichever village comes first). AUC counts ties as
    half, exactly. The count is not a probability, so no calibration is reported.
    """
    jitter = np.random.default_rng(seed).random(pairs.rules_score.size) * 0.5
    shares = evaluate_risk(pairs.rules_score + jitter, pairs.outcome, share, is_probability=False)
    exact = evaluate_risk(pairs.rules_score, pairs.outcome, share, is_probability=False)
    return replace(shares, auc=exact.auc)
