"""Shared fixtures of the targeting tests: a small synthetic panel and a model trained on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fupin.i18n import override
from fupin.policy import Policy, load_policy
from fupin.synth.panel import SynthPanel, demo_panel
from fupin.targeting import ReturnRiskModel
from fupin.targeting.panel import Panel, panel_from_tables
from fupin.targeting.training import train_model


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English unless a test asks otherwise; a CLI run's --lang does not leak."""
    with override("en"):
        yield


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy("cn")


@pytest.fixture(scope="session")
def synth_panel() -> SynthPanel:
    """About 2,600 households over 2014–2020."""
    return demo_panel(seed=21, scale=0.02)


@pytest.fixture(scope="session")
def panel(synth_panel: SynthPanel) -> Panel:
    return panel_from_tables(synth_panel.households, synth_panel.members)


@pytest.fixture(scope="session")
def trained(panel: Panel, policy: Policy) -> ReturnRiskModel:
    """Trained on outcome years up to 2018; 2019 and 2020 stay unseen."""
    return train_model(panel, policy, until=2018, random_state=5, n_estimators=150)
