"""Shared fixtures of the synth tests: counties are generated once per session."""

from __future__ import annotations

import pytest

from fupin.synth import SynthCounty, demo_county


@pytest.fixture(scope="session")
def small_county() -> SynthCounty:
    """About 1,300 households: enough for contract checks, fast to generate."""
    return demo_county(seed=7, scale=0.01)


@pytest.fixture(scope="session")
def full_county() -> SynthCounty:
    """The full-size demo county (~130,000 households, ~500,000 people; a few seconds)."""
    return demo_county()
