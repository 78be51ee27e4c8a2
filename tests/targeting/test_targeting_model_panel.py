"""The risk model on a synthetic panel: contract, reproducibility, explanations, the goal."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fupin.targeting import ReturnRiskModel
from fupin.targeting.features import FEATURE_NAMES
from fupin.targeting.pairs import training_pairs
from fupin.targeting.training import evaluate_model, train_model


def test_model_records_what_it_learnt_from(trained) -> None:
    assert trained.metadata_["target_years"] == [2015, 2016, 2017, 2018]
    assert trained.feature_names_ == list(FEATURE_NAMES)
    assert trained.metadata_["policy"]["policy_id"] == "cn"


def test_probabilities_and_explanations_on_panel_features(panel, policy, trained) -> None:
    pairs = training_pairs(panel, policy, [2019])
    proba = trained.predict_proba(pairs.features)
    assert np.all((proba >= 0) & (proba <= 1))
    contrib = trained.explain(pairs.features)
    np.testing.assert_allclose(
        contrib.sum(axis=1), trained.decision_function(pairs.features), atol=1e-9
    )
    risk = 1 / (1 + np.exp(-contrib.sum(axis=1)))
    np.testing.assert_allclose(risk, proba[:, 1], atol=1e-12)


def test_same_seed_same_model(panel, policy, trained) -> None:
    again = train_model(panel, policy, until=2018, random_state=5, n_estimators=150)
    pairs = training_pairs(panel, policy, [2020])
    np.testing.assert_array_equal(
        again.predict_proba(pairs.features), trained.predict_proba(pairs.features)
    )


def test_save_and_load_keep_the_metadata(trained, tmp_path: Path) -> None:
    trained.save(tmp_path / "m.json")
    loaded = ReturnRiskModel.load(tmp_path / "m.json")
    assert loaded.metadata_ == trained.metadata_


def test_model_beats_the_rules_on_unseen_years(panel, policy, trained) -> None:
    evaluation = evaluate_model(panel, trained, policy)
    assert evaluation.target_years == [2019, 2020]
    assert evaluation.model.auc > evaluation.rules.auc + 0.05
    assert evaluation.model.recall_at_share > evaluation.rules.recall_at_share
    assert evaluation.model.calibration_error is not None
    assert evaluation.model.calibration_error < 0.05


def test_the_drivers_of_the_panel_lead_the_explanations(panel, policy, trained) -> None:
    pairs = training_pairs(panel, policy, [2019])
    leading = [row[0][0] for row in trained.top_factors(pairs.features, k=1)]
    # Income relative to the line drives next year's poverty by construction of the panel.
    income = {"pc_income_to_line", "pc_after_rigid_to_line", "previous_pc_to_line"}
    assert sum(name in income for name in leading) > 0.5 * len(leading)
