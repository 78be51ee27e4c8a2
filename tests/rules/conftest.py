"""Fixtures of the rules tests (builders live in rules_builders.py, a uniquely named module)."""

from __future__ import annotations

import pytest

from fupin.policy import load_policy


@pytest.fixture(scope="session")
def cn_policy():
    """The bundled national policy."""
    return load_policy("cn")
