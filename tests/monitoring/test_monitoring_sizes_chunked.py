"""Household sizes for the scale bound are asked in chunks, so huge counties stay under parameter caps."""

from __future__ import annotations

import pytest

from fupin.monitoring.selectors import scale
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def test_sizes_are_the_same_whatever_the_chunk(cast, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = set(Household.objects.values_list("id", flat=True))
    expected = {
        household_id: Member.objects.filter(household_id=household_id, active=True).count()
        for household_id in ids
    }
    monkeypatch.setattr(scale, "SIZE_QUERY_CHUNK", 1)
    assert scale.household_sizes(ids) == {k: v for k, v in expected.items() if v}
    assert len(ids) > 1


def test_unknown_ids_beyond_a_postgres_statement_limit_do_not_fail(cast) -> None:
    # 70,000 ids would exceed PostgreSQL's 65,535 bind parameters in a single IN (...) list.
    known = set(Household.objects.values_list("id", flat=True))
    ids = known | set(range(10_000_000, 10_070_000))
    sizes = scale.household_sizes(ids)
    assert set(sizes) == {
        i for i in known if Member.objects.filter(household_id=i, active=True).exists()
    }
