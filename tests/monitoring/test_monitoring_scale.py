"""The monitored-scale bound: ~5% of the registered population, 10% in deep-poverty areas."""

from __future__ import annotations

import datetime as dt

import pytest
from monitoring_helpers import MONDAY, policy

from fupin.monitoring.models import Alert
from fupin.monitoring.services.raising import Signal, raise_alert
from fupin.monitoring.services.scale import (
    rank_alerts,
    registered_population,
    scale_bound,
    scale_share,
)
from fupin.registry.models import Region

pytestmark = pytest.mark.django_db


def test_the_bound_is_five_percent_of_registered_people(cast) -> None:
    assert registered_population(cast.county.prefix) == 24  # 8 households × 3 members
    assert scale_share(cast.county, policy()) == pytest.approx(0.05)
    assert scale_bound(cast.county, policy()) == 1  # floor(0.05 × 24)


def test_deep_poverty_areas_get_ten_percent(cast) -> None:
    Region.objects.filter(pk=cast.county.pk).update(deep_poverty=True)
    township = Region.objects.get(pk=cast.township_a.pk)
    assert scale_share(township, policy()) == pytest.approx(0.10)  # inherited from the county
    assert scale_bound(Region.objects.get(pk=cast.county.pk), policy()) == 2  # floor(2.4)


def _alert(household, risk=None, causes=("NEAR_LINE",), minutes=0) -> Alert:
    signal = Signal(household, "model" if risk is not None else "kernel", list(causes), risk=risk)
    alert, _ = raise_alert(signal, now=MONDAY + dt.timedelta(minutes=minutes), policy=policy())
    return alert


def test_beyond_the_bound_the_list_is_ranked_by_risk(cast) -> None:
    low = _alert(cast.h_a1_2, risk=0.2)
    high = _alert(cast.h_a2_2, risk=0.9)
    rules = _alert(cast.h_b1_2, causes=("NEAR_LINE", "NO_LABOUR"), minutes=1)
    older_rules = _alert(cast.h_b2_2, causes=("NEAR_LINE", "NO_LABOUR"))
    ranked = rank_alerts(
        [low, high, rules, older_rules],
        {a.household_id: 3 for a in [low, high, rules, older_rules]},
        bound=6,
    )
    assert [r.alert for r in ranked] == [high, low, older_rules, rules]
    assert [r.within_scale for r in ranked] == [True, True, False, False]
    assert [r.cumulative for r in ranked] == [3, 6, 9, 12]


def test_monitored_households_come_first_in_the_scale(cast) -> None:
    pending = _alert(cast.h_a1_2, risk=0.99)
    monitored = _alert(cast.h_a2_2, risk=0.1)
    monitored.stage = "monitored"
    ranked = rank_alerts(
        [pending, monitored], {pending.household_id: 3, monitored.household_id: 3}, bound=3
    )
    assert [(r.alert, r.within_scale) for r in ranked] == [(monitored, True), (pending, False)]
