"""The panel generator: consistent years and members, shocks that move incomes as designed."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import numpy as np
import pyarrow.compute as pc
import pytest

from fupin.i18n import override
from fupin.idnumber import is_valid
from fupin.synth.panel import SynthPanel, check_years, demo_panel

YEARS = tuple(range(2014, 2021))
NET_TERMS = {
    "wage_local": 1, "wage_migrant": 1, "migrant_living_cost": -1, "operating_income": 1,
    "operating_cost": -1, "property_income": 1, "transfer_relief": 1, "transfer_development": 1,
}  # fmt: skip


@pytest.fixture(scope="module")
def panel() -> SynthPanel:
    return demo_panel(seed=11, scale=0.01)


def _rows(panel: SynthPanel) -> dict[tuple[str, int], dict]:
    return {(r["household_id"], r["year"]): r for r in panel.households.to_pylist()}


def _sizes(panel: SynthPanel) -> dict[tuple[str, int], int]:
    sizes: Counter = Counter()
    for m in panel.members.to_pylist():
        born = int(m["birth_date"][:4])
        for year in YEARS:
            if born <= year and (m["left_year"] is None or year < m["left_year"]):
                sizes[(m["household_id"], year)] += 1
    return sizes


def _net(row: dict) -> Decimal:
    return sum((sign * row[name] for name, sign in NET_TERMS.items()), Decimal(0))


def _events(panel: SynthPanel) -> dict[str, set[tuple[str, int]]]:
    found: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for e in panel.shocks.to_pylist():
        found[e["event"]].add((e["household_id"], e["year"]))
    return found


def test_one_row_per_household_and_year(panel: SynthPanel) -> None:
    keys = list(
        zip(
            panel.households["household_id"].to_pylist(),
            panel.households["year"].to_pylist(),
            strict=True,
        )
    )
    assert len(keys) == len(set(keys))
    ids = set(panel.households["household_id"].to_pylist())
    assert len(keys) == len(ids) * len(YEARS)
    assert sorted(set(panel.households["year"].to_pylist())) == list(YEARS)


def test_previous_income_is_last_years_per_capita_income(panel: SynthPanel) -> None:
    rows, sizes = _rows(panel), _sizes(panel)
    checked = 0
    for (hid, year), row in rows.items():
        if year == YEARS[0]:
            continue
        before = rows[(hid, year - 1)]
        expected = (_net(before) / sizes[(hid, year - 1)]).quantize(
            Decimal("0.01"), rounding="ROUND_HALF_UP"
        )
        assert row["previous_per_capita_net_income"] == expected, (hid, year)
        checked += 1
    assert checked > 7000


def test_every_household_has_exactly_one_head_and_members_every_year(panel: SynthPanel) -> None:
    sizes = _sizes(panel)
    heads = Counter(m["household_id"] for m in panel.members.to_pylist() if m["relation"] == "head")
    for hid in set(panel.households["household_id"].to_pylist()):
        assert heads[hid] == 1
        assert all(sizes[(hid, year)] >= 1 for year in YEARS)
    heads_leaving = [
        m for m in panel.members.to_pylist() if m["relation"] == "head" and m["left_year"]
    ]
    assert heads_leaving == []


def test_members_ids_are_valid_and_unique_newborns_included(panel: SynthPanel) -> None:
    ids = panel.members["id_number"].to_pylist()
    assert len(ids) == len(set(ids))
    births = [m for m in panel.members.to_pylist() if int(m["birth_date"][:4]) > YEARS[0]]
    assert births, "the panel should have births"
    assert all(
        is_valid(m["id_number"]) and m["id_number"][6:14] == m["birth_date"].replace("-", "")
        for m in births
    )


def test_births_and_deaths_change_the_household_size(panel: SynthPanel) -> None:
    sizes, events = _sizes(panel), _events(panel)
    assert events["birth"] and events["death"]
    for hid, year in events["birth"]:
        assert sizes[(hid, year)] - sizes[(hid, year - 1)] == 1 - ((hid, year) in events["death"])
    for hid, year in events["death"]:
        assert sizes[(hid, year)] - sizes[(hid, year - 1)] == ((hid, year) in events["birth"]) - 1


def test_job_loss_cuts_migrant_wages(panel: SynthPanel) -> None:
    rows, events = _rows(panel), _events(panel)
    ratio = [
        float(rows[key]["wage_migrant"] / rows[(key[0], key[1] - 1)]["wage_migrant"])
        for key in events["job_loss"]
        if rows[(key[0], key[1] - 1)]["wage_migrant"] > 0 and key not in events["illness"]
    ]
    assert len(ratio) > 50
    assert np.median(ratio) < 0.3  # migrant wages fall to 15% of what they would have been


def test_illness_brings_medical_bills(panel: SynthPanel) -> None:
    rows, events = _rows(panel), _events(panel)
    ill = [float(rows[key]["medical_out_of_pocket"]) for key in events["illness"]]
    others = [
        float(r["medical_out_of_pocket"])
        for key, r in rows.items()
        if key[1] > YEARS[0] and key not in events["illness"]
    ]
    assert len(ill) > 30
    assert np.median(ill) > 3000 > np.median(others)


def test_disaster_losses_only_where_a_disaster_struck(panel: SynthPanel) -> None:
    rows, events = _rows(panel), _events(panel)
    for key, row in rows.items():
        if key[1] > YEARS[0]:
            assert (row["disaster_loss"] > 0) == (key in events["disaster"]), key


def test_status_changes_follow_last_years_income(panel: SynthPanel) -> None:
    rows, sizes, events = _rows(panel), _sizes(panel), _events(panel)
    lines = {2014: 2800, 2015: 2968, 2016: 3146, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}
    for name, before, after, poor_before in (
        ("exited", "poor", "exited", False),
        ("returned", "exited", "poor", True),
        ("identified", "none", "poor", True),
    ):
        assert events[name], name
        for hid, year in events[name]:
            last = rows[(hid, year - 1)]
            assert (last["registered_status"], rows[(hid, year)]["registered_status"]) == (
                before,
                after,
            )
            if year < 2020:  # 2020, the campaign's last year, takes everybody off the list
                assert (_net(last) < lines[year - 1] * sizes[(hid, year - 1)]) == poor_before


def test_the_campaign_ends_with_2020_and_the_poor_list_is_closed_after(
    panel_to_2023: SynthPanel,
) -> None:
    statuses = {}
    for row in panel_to_2023.households.select(["year", "registered_status"]).to_pylist():
        statuses.setdefault(row["year"], set()).add(row["registered_status"])
    assert "poor" in statuses[2019] and "poor" not in statuses[2020]
    assert all("poor" not in statuses[year] for year in (2021, 2022, 2023))
    later = pc.greater(panel_to_2023.shocks["year"], 2020)
    events = set(panel_to_2023.shocks.filter(later)["event"].to_pylist())
    assert not events & {"identified", "returned", "exited"}


def test_households_on_the_poor_list_carry_their_causes(panel_to_2023: SynthPanel) -> None:
    table = panel_to_2023.households
    for row in table.filter(pc.equal(table["year"], 2023)).to_pylist():
        ever = row["household_id"] in _ever_poor(panel_to_2023)
        assert bool(row["main_cause"]) == ever, row["household_id"]


def test_same_seed_same_panel_other_seed_other_panel(panel: SynthPanel) -> None:
    again = demo_panel(seed=11, scale=0.01)
    assert again.households.equals(panel.households)
    assert again.members.equals(panel.members)
    assert again.shocks.equals(panel.shocks)
    other = demo_panel(seed=12, scale=0.01)
    assert not other.households.equals(panel.households)


def test_first_year_is_the_demo_county(panel: SynthPanel) -> None:
    from fupin.synth import demo_county

    county = demo_county(seed=11, scale=0.01, year=2014)
    first = panel.households.filter(pc.equal(panel.households["year"], 2014))
    assert first["wage_local"].equals(county.households["wage_local"])
    assert first["registered_status"].equals(county.households["registered_status"])


@pytest.mark.parametrize("years", [(2014, 2016), (), (2016, 2015)])
def test_years_must_be_consecutive(years: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="consecutive"):
        check_years(years)


@pytest.mark.parametrize(("years", "bad"), [((2013, 2014), 2013), ((2026, 2027), 2027)])
def test_years_must_have_a_poverty_line(years: tuple[int, ...], bad: int) -> None:
    with override("en"), pytest.raises(ValueError, match=f"got {bad}"):
        check_years(years)


@pytest.fixture(scope="module")
def panel_to_2023() -> SynthPanel:
    return demo_panel(seed=11, scale=0.01, years=range(2014, 2024))


def _ever_poor(panel: SynthPanel) -> set[str]:
    poor = panel.households.filter(pc.equal(panel.households["registered_status"], "poor"))
    return set(poor["household_id"].to_pylist())
