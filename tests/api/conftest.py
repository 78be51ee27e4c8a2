"""API tests read English, with fresh rate limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def english_and_fresh_limits():
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()
