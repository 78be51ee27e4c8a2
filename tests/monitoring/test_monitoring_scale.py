"""The monitored-scale bound: ~5% of the people on the poverty register, 10% in deep-poverty
areas; bulk signals beyond it go on the watch list, ranked by risk and severity."""

from __future__ import annotations

import datetime as dt

import pytest
from monitoring_helpers import MONDAY, policy

from fupin.monitoring.models import Alert, WatchEntry
from fupin.monitoring.selectors.scale import (
    area_bound,
    area_share,
    rank_alerts,
    registered_population,
)
from fupin.monitoring.services.raising import Signal, raise_alert, raise_signals
from fupin.registry.models import Region
from fupin.registry.services.households import append_event

pytestmark = pytest.mark.django_db


def test_the_register_holds_poor_exited_and_returned_households_only(cast) -> None:
    # The cast: 4 households identified poor (3 members each), 4 only registered.
    assert registered_population(cast.county.prefix) == 12
    append_event(cast.h_a1_1, "exited")
    append_event(cast.h_a1_2, "monitored")  # an edge household: never on the register
    assert registered_population(cast.county.prefix) == 12
    append_event(cast.h_a1_1, "monitored")  # exited, then monitored: still on the register
    assert registered_population(cast.county.prefix) == 12
    assert registered_population(cast.village_a1.prefix) == 3


def test_the_bound_is_five_percent_of_registered_people(cast) -> None:
    assert area_share(cast.county, policy()) == pytest.approx(0.05)
    assert area_bound(cast.county.prefix) == 0  # floor(0.05 × 12)
    for household in (cast.h_a1_2, cast.h_a2_2, cast.h_b1_2, cast.h_b2_2):
        append_event(household, "identified")
    assert area_bound(cast.county.prefix) == 1  # floor(0.05 × 24)


def test_deep_poverty_areas_get_ten_percent(cast) -> None:
    Region.objects.filter(pk=cast.county.pk).update(deep_poverty=True)
    township = Region.objects.get(pk=cast.township_a.pk)
    assert area_share(township) == pytest.approx(0.10)  # inherited from the county
    assert area_bound(cast.county.prefix) == 1  # floor(0.10 × 12)


def test_only_the_deep_poverty_villages_get_the_higher_share(cast) -> None:
    Region.objects.filter(pk__in=[cast.village_a1.pk, cast.village_a2.pk]).update(deep_poverty=True)
    # 6 registered people at 10 % and 6 at 5 %: floor(0.6 + 0.3) = 0; the villages alone: 0.6.
    assert area_bound(cast.county.prefix) == 0
    Region.objects.filter(pk=cast.township_b.pk).update(deep_poverty=True)
    assert area_bound(cast.county.prefix) == 1  # 12 people at 10 %


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


def test_bulk_signals_beyond_the_scale_are_watched_not_raised(cast) -> None:
    shares = {"scale_share": 0.5, "scale_share_deep_poverty": 0.5}
    generous = policy().model_copy(
        update={"monitoring": policy().monitoring.model_copy(update=shares)}
    )
    # floor(0.5 × 12) = 6 people: two households of three fit.
    signals = [
        Signal(cast.h_a1_2, "model", ["MODEL_RISK"], risk=0.3),
        Signal(cast.h_a2_2, "model", ["MODEL_RISK"], risk=0.9),
        Signal(cast.h_b1_2, "kernel", ["INCOME_POOR"]),
        Signal(cast.h_b2_2, "kernel", ["NEAR_LINE"]),
    ]
    result = raise_signals(signals, now=MONDAY, policy=generous, bounded=True)
    assert (result.opened, result.watched) == (2, 2)
    raised = set(Alert.objects.values_list("household__number", flat=True))
    assert raised == {"H-a2-2", "H-a1-2"}  # the model's risk first, then the rules' severity
    watched = {e.household.number: e for e in WatchEntry.objects.open()}
    assert set(watched) == {"H-b1-2", "H-b2-2"}
    assert watched["H-b1-2"].severity > watched["H-b2-2"].severity
    assert watched["H-b1-2"].causes == ["INCOME_POOR"]


def test_a_watched_household_is_raised_when_room_opens_and_its_entry_closes(cast) -> None:
    raise_signals([Signal(cast.h_a1_2, "kernel", ["NEAR_LINE"])], now=MONDAY, bounded=True)
    entry = WatchEntry.objects.get()
    assert entry.closed_at is None and not Alert.objects.exists()
    alert, opened = raise_alert(Signal(cast.h_a1_2, "visit", ["VISIT_FINDING"]), now=MONDAY)
    entry.refresh_from_db()
    assert opened and entry.closed_at == MONDAY and entry.closed_by_alert == alert


def test_signals_for_households_with_a_live_alert_always_add_evidence(cast) -> None:
    alert, _ = raise_alert(Signal(cast.h_a1_2, "visit", ["VISIT_FINDING"]), now=MONDAY)
    result = raise_signals([Signal(cast.h_a1_2, "kernel", ["NEAR_LINE"])], now=MONDAY, bounded=True)
    assert (result.opened, result.updated, result.watched) == (0, 1, 0)
    assert alert.evidence.count() == 2 and not WatchEntry.objects.exists()


def test_a_refreshed_watch_entry_stores_what_the_orm_would(cast) -> None:
    # The refresh writes rows with one prepared UPDATE; the values read back must be the ones set
    # (lists, datetimes, floats, empty risk), exactly as a save() writes them.
    from fupin.registry.services.rows import update_rows

    raise_signals([Signal(cast.h_a1_2, "kernel", ["NEAR_LINE"])], now=MONDAY, bounded=True)
    raise_signals([Signal(cast.h_b1_2, "kernel", ["NEAR_LINE"])], now=MONDAY, bounded=True)
    fast, saved = WatchEntry.objects.order_by("household__number")
    later = MONDAY + dt.timedelta(days=3, hours=5, microseconds=7)
    for entry, risk in ((fast, 0.25), (saved, None)):
        entry.sources, entry.causes, entry.risk = ["kernel", "model 引"], ["INCOME_POOR"], risk
        entry.last_seen_at, entry.year = later, 2026
    assert update_rows([fast], ["sources", "causes", "risk", "last_seen_at", "year"]) == 1
    update_rows([saved], ["risk", "last_seen_at"])
    fast.refresh_from_db()
    saved.refresh_from_db()
    assert (fast.sources, fast.causes, fast.risk) == (["kernel", "model 引"], ["INCOME_POOR"], 0.25)
    assert (fast.last_seen_at, fast.year) == (later, 2026)
    # fields not named stay as they were
    assert (saved.sources, saved.causes, saved.risk, saved.year) == (
        ["kernel"],
        ["NEAR_LINE"],
        None,
        None,
    )
    assert WatchEntry.objects.filter(last_seen_at=later).count() == 2
