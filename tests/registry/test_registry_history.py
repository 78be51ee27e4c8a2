"""The demo county with its history 2014–2020: consistent events, incomes, members; all or nothing."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from county_tables import replace_cell
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from fupin.policy import load_policy
from fupin.registry.models import Household, IncomeRecord, Member, Region, StatusEvent
from fupin.registry.models.status import derive_status
from fupin.registry.services.loader import LoadError
from fupin.registry.services.loader.panel import load_panel
from fupin.synth.panel import demo_panel

pytestmark = pytest.mark.django_db
YEARS = tuple(range(2014, 2021))
# What the 2014 roster status must have produced in 2014, written out here on purpose.
FIRST_YEAR_KINDS = {"none": ["registered"], "poor": ["registered", "identified"]}


@pytest.fixture(scope="module")
def panel():
    return demo_panel(seed=7, scale=0.004, years=YEARS)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _histories() -> dict[str, list[StatusEvent]]:
    by_number: dict[str, list[StatusEvent]] = defaultdict(list)
    for event in StatusEvent.objects.select_related("household").order_by(
        "household", "occurred_at", "id"
    ):
        by_number[event.household.number].append(event)
    return by_number


def _year(event: StatusEvent) -> int:
    return timezone.localtime(event.occurred_at).year


def _nothing_written() -> bool:
    return not (
        Region.objects.exists()
        or Household.objects.exists()
        or Member.objects.exists()
        or StatusEvent.objects.exists()
        or IncomeRecord.objects.exists()
    )


def test_every_history_is_legal_and_replays_to_the_current_status(panel):
    load_panel(panel)
    histories = _histories()
    households = Household.objects.all()
    assert len(histories) == households.count() == panel.households.num_rows // len(YEARS)
    for household in households:
        events = histories[household.number]
        assert derive_status(e.kind for e in events) == household.status
        assert [e.status_after for e in events][-1] == household.status
        assert household.version == len(events)


def test_one_income_record_per_household_and_year(panel):
    load_panel(panel)
    count = Household.objects.count()
    assert IncomeRecord.objects.count() == count * len(YEARS)
    for year in YEARS:
        assert (
            IncomeRecord.objects.filter(year=year).values("household").distinct().count() == count
        )
    # The amounts are the panel's: the county's total of 2018 wages matches.
    rows = panel.households.filter(pc.equal(panel.households["year"], 2018))
    stored = sum(r.wage_local for r in IncomeRecord.objects.filter(year=2018))
    assert stored == pc.sum(rows["wage_local"]).as_py()


def test_the_first_year_follows_the_generators_registered_status(panel):
    load_panel(panel)
    histories = _histories()
    first = panel.households.filter(pc.equal(panel.households["year"], 2014))
    for number, status in zip(
        first["household_id"].to_pylist(), first["registered_status"].to_pylist(), strict=True
    ):
        in_2014 = [e.kind for e in histories[number] if _year(e) == 2014]
        assert in_2014 == FIRST_YEAR_KINDS[status]


@pytest.mark.parametrize("kind", ["exited", "returned", "identified"])
def test_each_change_of_the_panel_is_an_event_in_its_year(panel, kind):
    load_panel(panel)
    histories = _histories()
    changes = panel.shocks.filter(pc.equal(panel.shocks["event"], kind)).to_pylist()
    assert changes, f"the panel should have {kind} households"
    for change in changes:
        years = [_year(e) for e in histories[change["household_id"]] if e.kind == kind]
        assert change["year"] in years
    later = [
        e for events in histories.values() for e in events if e.kind == kind and _year(e) > 2014
    ]
    assert len(later) == len(changes)


def test_events_carry_the_policy_stamp_a_reason_and_the_right_actor(panel):
    county_user = get_user_model().objects.create_user("county-test")
    load_panel(panel, actor=lambda: county_user.pk)
    # The demo county is a western key county; its deep-poverty villages carry all three
    # categories, so the western-key-county policy is laid over the national one there.
    national, overlaid = load_policy("cn"), load_policy("cn+cn-west-key-county")
    deep = {r["code"] for r in panel.regions.to_pylist() if r["deep_poverty"]}
    events = list(StatusEvent.objects.select_related("household__village"))
    for event in events:
        expected = overlaid if event.household.village.code in deep else national
        assert (event.policy_id, event.policy_version, event.policy_hash) == (
            expected.id,
            expected.version,
            expected.content_hash,
        )
    assert {e.policy_id for e in events} == {"cn", "cn+cn-west-key-county"}
    assert all(e.reason and e.reason_display for e in events)
    assert all(e.data["year"] == _year(e) for e in events)
    assert {e.actor_id for e in events if _year(e) == 2014} == {None}
    assert {e.actor_id for e in events if _year(e) > 2014} == {county_user.pk}


def test_members_who_left_are_inactive_and_newborns_active(panel):
    load_panel(panel)
    members = panel.members
    assert Member.objects.count() == members.num_rows
    left = {
        number
        for number, year in zip(
            members["id_number"].to_pylist(), members["left_year"].to_pylist(), strict=True
        )
        if year is not None
    }
    assert left, "the panel should have members who died"
    assert set(Member.objects.filter(active=False).values_list("id_number", flat=True)) == left
    newborns = Member.objects.filter(birth_date__year__gt=2014)
    assert newborns.exists() and not newborns.filter(active=False).exclude(id_number__in=left)


def _with_households(panel, table: pa.Table):
    return dataclasses.replace(panel, households=table)


def _row_of(panel, year: int, index: int = 0) -> int:
    rows = pc.equal(panel.households["year"], year).to_numpy(zero_copy_only=False)
    return int(rows.nonzero()[0][index])


def test_a_bad_amount_in_a_later_year_writes_nothing(panel):
    row = _row_of(panel, 2018, 3)
    bad = replace_cell(panel.households, "wage_local", row, Decimal("-5"))
    with pytest.raises(LoadError) as caught:
        load_panel(_with_households(panel, bad))
    assert f"households[{row}].wage_local" in str(caught.value)
    assert _nothing_written()


def test_a_history_the_status_table_refuses_writes_nothing(panel):
    # An exited household cannot simply become "not registered" again.
    exited = panel.households.filter(
        pc.and_(
            pc.equal(panel.households["year"], 2019),
            pc.equal(panel.households["registered_status"], "exited"),
        )
    )
    number = exited["household_id"][0].as_py()
    rows = pc.and_(
        pc.equal(panel.households["household_id"], number), pc.equal(panel.households["year"], 2020)
    )
    row = int(rows.to_numpy(zero_copy_only=False).nonzero()[0][0])
    bad = replace_cell(panel.households, "registered_status", row, "none")
    with pytest.raises(LoadError) as caught:
        load_panel(_with_households(panel, bad))
    assert f"households[{row}].registered_status" in str(caught.value)
    assert "2020: the status cannot change from exited to none" in str(caught.value)
    assert _nothing_written()


def test_a_failure_while_writing_rolls_everything_back(panel, monkeypatch):
    import fupin.registry.services.loader.panel as loader_panel

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader_panel, "_event_columns", broken)
    with pytest.raises(RuntimeError):
        load_panel(panel)
    assert _nothing_written()


def test_a_panel_missing_a_household_in_one_year_is_refused(panel):
    drop = _row_of(panel, 2017, 0)
    keep = pa.array([i != drop for i in range(panel.households.num_rows)])
    with pytest.raises(LoadError) as caught:
        load_panel(_with_households(panel, panel.households.filter(keep)))
    assert "2017" in str(caught.value)
    assert _nothing_written()


def test_a_panel_with_a_missing_year_is_refused(panel):
    keep = pc.not_equal(panel.households["year"], 2016)
    with pytest.raises(LoadError) as caught:
        load_panel(_with_households(panel, panel.households.filter(keep)))
    assert "households.year" in str(caught.value) and "missing: 2016" in str(caught.value)
    assert _nothing_written()
