"""The demo county as a panel: its households carried through the years with shocks.

    from fupin.synth.panel import demo_panel, write_panel
    panel = demo_panel(seed=2014, scale=0.05, years=range(2014, 2021))
    panel.households   # one roster row per (household_id, year), previous income filled
    panel.members      # one row per person for all years; extra column left_year
    panel.shocks       # the truth: household_id, year, event
    write_panel(panel, "var/panel")          # households.csv + members.csv (or .xlsx)

The first year is ``demo_county(seed, scale, first year)``; later years follow from it (see
``panel_shocks`` and ``panel_people``). The same seed gives the same panel. Past the campaign's
end (2020) nobody is identified or returned by the panel any more: from 2021 households at risk
are for monitoring to find. Every household on the poor list carries its causes of poverty
(those drawn at registration, or, for one identified later, those the year's shocks give).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules.kernel import below_line
from fupin.rules.money import divide_half_up, to_fen
from fupin.synth import arrow
from fupin.synth.constants import (
    CAMPAIGN_END,
    CAUSES,
    COUNT_COLUMNS,
    EXCLUSION_HOUSEHOLD_FLAGS,
    MAIN_CAUSE_SHARES,
    MONEY_COLUMNS,
    POVERTY_LINES,
    REGISTERED_STATUSES,
)
from fupin.synth.county import demo_county, net_fen
from fupin.synth.panel_people import base_people, members_table, step_people
from fupin.synth.panel_shocks import SHOCKS, base_economy, step_economy

EXIT_P = 0.85  # a registered household above the line is assessed out the next year [U]
RETURN_P = 0.7  # an exited household below the line is registered again [U]
IDENTIFY_P = 0.5  # a never-registered household below the line is identified [U]
RENOVATE_P = 0.3  # a registered poor household's dilapidated house is renovated in a year [U]
STATUS_EVENTS = ("identified", "exited", "returned")
EVENTS = SHOCKS + STATUS_EVENTS
# Extras of the first year that stay true for the whole panel, the exclusion facts among them
# (causes follow the poor list).
STATIC_EXTRAS = (
    "head_name", "group_no", "household_type", "housing_area", "housing_structure",
    "housing_year", "water_difficult", "electricity", "road_access", "land_mu", "relocated",
) + EXCLUSION_HOUSEHOLD_FLAGS + COUNT_COLUMNS  # fmt: skip
NONE, POOR, EXITED = 0, 1, 2


@dataclass(frozen=True)
class SynthPanel:
    """A generated panel: regions, households by year, shared members, and the shocks drawn."""

    regions: pa.Table
    households: pa.Table
    members: pa.Table
    shocks: pa.Table
    seed: int
    scale: float
    years: tuple[int, ...]


def check_years(years: Iterable[int]) -> tuple[int, ...]:
    """The years as a tuple; raises ValueError unless consecutive and covered by the demo lines."""
    chosen = tuple(int(y) for y in years)
    for year in chosen:
        if year not in POVERTY_LINES:
            raise ValueError(
                _("year must be one of {years}, got {year}").format(
                    years=", ".join(map(str, POVERTY_LINES)), year=year
                )
            )
    if not chosen or chosen != tuple(range(chosen[0], chosen[0] + len(chosen))):
        # A programming error of the caller (no command reaches it), so not translated.
        raise ValueError(f"panel years must be consecutive, got {chosen}")
    return chosen


def demo_panel(
    seed: int = 2014,
    scale: float = 1.0,
    years: Iterable[int] = range(2014, 2021),
    until: dt.date | None = None,
) -> SynthPanel:
    """Carries the demo county's households through ``years`` with shocks, deterministically;
    ``until``: nobody is born after that day (a panel that reaches the present)."""
    chosen = check_years(years)
    county = demo_county(seed, scale, chosen[0])
    rng = np.random.default_rng([seed, 5])  # its own stream: the first year equals demo_county's
    base = county.households
    ids = base["household_id"].combine_chunks()
    n = base.num_rows
    village = pc.index_in(base["village_code"], value_set=pc.unique(base["village_code"]))
    village_index = np.asarray(village.to_numpy(zero_copy_only=False), dtype=np.int64)
    money = {name: to_fen(base[name]) for name in MONEY_COLUMNS}
    people = base_people(county.members, ids)
    ill, frail = _health(county.members, people.household, n)
    eco = base_economy(rng, money, ill, frail)
    status = _codes(base["registered_status"], REGISTERED_STATUSES)
    housing = _codes(base["housing_grade"], ("A", "B", "C", "D"))
    size = people.sizes(chosen[0], n)
    net = net_fen(money)
    causes = _Causes.of(base)
    tables = [_roster_year(base, chosen[0], status, housing, money, None, causes)]
    events_by_year = []
    for year in chosen[1:]:
        poor_before = below_line(net, size, POVERTY_LINES[year - 1] * 100)
        previous = divide_half_up(net, size)
        status, status_events = _next_status(rng, status, poor_before, year)
        housing = np.where(
            (status == POOR) & (housing >= 2) & (rng.random(n) < RENOVATE_P), 1, housing
        )
        born, dies = step_people(rng, people, year, n)
        size = people.sizes(year, n)
        events = {"birth": born, "death": dies, **status_events}
        realised = step_economy(rng, eco, village_index, status == POOR, size, events)
        realised["inkind_consumption"] = money["inkind_consumption"]
        causes.assign(rng, status_events["identified"] | status_events["returned"], events)
        tables.append(_roster_year(base, year, status, housing, realised, previous, causes))
        events_by_year.append((year, events))
        net = net_fen(realised)
    members = members_table(rng, county.members, people, ids, (chosen[0], chosen[-1]), until)
    return SynthPanel(
        regions=county.regions,
        households=pa.concat_tables(tables),
        members=members,
        shocks=_shock_table(ids, events_by_year),
        seed=seed,
        scale=scale,
        years=chosen,
    )


def _health(members: pa.Table, household: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    health = members["health"]
    serious = pc.equal(health, "serious").to_numpy(zero_copy_only=False)
    frail = pc.not_equal(health, "healthy").to_numpy(zero_copy_only=False)
    ill = np.bincount(household[serious], minlength=n) > 0
    return ill, np.bincount(household[frail], minlength=n) > 0


def _codes(column: pa.ChunkedArray, values: tuple[str, ...]) -> np.ndarray:
    found = pc.index_in(column, value_set=pa.array(values))
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def _next_status(
    rng: np.random.Generator, status: np.ndarray, poor_before: np.ndarray, year: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    # This year's status follows last year's income: exits, returns and new identifications.
    # The campaign's last year takes everybody left on the poor list out; after it the poor list
    # is closed (monitoring, not the panel, finds who is at risk).
    draw = rng.random(status.size)
    campaign = year < CAMPAIGN_END  # the last year only takes households off the list
    exited = (status == POOR) & ((~poor_before & (draw < EXIT_P)) | (year == CAMPAIGN_END))
    returned = (status == EXITED) & poor_before & (draw < RETURN_P) & campaign
    identified = (status == NONE) & poor_before & (draw < IDENTIFY_P) & campaign
    new = np.where(exited, EXITED, np.where(returned | identified, POOR, status))
    return new, {"identified": identified, "exited": exited, "returned": returned}


def _roster_year(
    base: pa.Table,
    year: int,
    status: np.ndarray,
    housing: np.ndarray,
    money: dict[str, np.ndarray],
    previous: np.ndarray | None,
    causes: _Causes,
) -> pa.Table:
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "household_id": base["household_id"],
        "village_code": base["village_code"],
        "year": pa.array(np.full(base.num_rows, year, dtype=np.int32)),
        "registered_status": arrow.coded(status, REGISTERED_STATUSES),
        "food_secure": base["food_secure"],
        "clothing_secure": base["clothing_secure"],
        "safe_water": base["safe_water"],
        "housing_grade": arrow.coded(housing, ("A", "B", "C", "D")),
    }
    columns.update({name: arrow.money(money[name]) for name in MONEY_COLUMNS})
    columns["previous_per_capita_net_income"] = (
        base["previous_per_capita_net_income"] if previous is None else arrow.money(previous)
    )
    columns.update({name: base[name] for name in STATIC_EXTRAS})
    columns["main_cause"] = pa.array(causes.main, pa.string())
    columns["other_causes"] = pa.array(causes.others, pa.string())
    return pa.table(columns)


# A shock of the year that explains a new identification, as the main cause it gives.
SHOCK_CAUSES = (("disaster", "disaster"), ("illness", "illness"), ("disability", "disability"),
                ("job_loss", "skills"))  # fmt: skip


@dataclass
class _Causes:
    """Each household's main and other causes of poverty (empty until it is on the poor list)."""

    main: np.ndarray
    others: np.ndarray

    @classmethod
    def of(cls, base: pa.Table) -> _Causes:
        """The causes drawn at registration in the first year."""
        main = np.asarray(base["main_cause"].to_pylist(), dtype=object)
        others = np.asarray(base["other_causes"].to_pylist(), dtype=object)
        return cls(np.where(main == None, "", main), np.where(others == None, "", others))  # noqa: E711

    def assign(self, rng: np.random.Generator, chosen: np.ndarray, events: dict) -> None:
        """Causes for households newly on the list: the year's shock, else the usual shares."""
        new = chosen & (self.main == "")
        drawn = np.asarray(CAUSES, dtype=object)[
            rng.choice(
                len(CAUSES), size=new.size, p=np.asarray(MAIN_CAUSE_SHARES) / sum(MAIN_CAUSE_SHARES)
            )
        ]
        for event, cause in reversed(SHOCK_CAUSES):  # the first listed wins
            drawn = np.where(np.asarray(events.get(event, np.zeros(new.size, bool))), cause, drawn)
        self.main = np.where(new, drawn, self.main)


def _shock_table(
    ids: pa.Array, events_by_year: list[tuple[int, dict[str, np.ndarray]]]
) -> pa.Table:
    rows: dict[str, list[np.ndarray]] = {"household": [], "year": [], "event": []}
    for year, events in events_by_year:
        for name in EVENTS:
            hit = np.flatnonzero(events.get(name, np.zeros(0, dtype=bool)))
            rows["household"].append(hit)
            rows["year"].append(np.full(hit.size, year, dtype=np.int32))
            rows["event"].append(np.full(hit.size, name, dtype=object))
    if not events_by_year:
        empty = np.zeros(0, dtype=np.int64)
        rows = {
            "household": [empty],
            "year": [empty.astype(np.int32)],
            "event": [np.zeros(0, object)],
        }
    household = np.concatenate(rows["household"])
    return pa.table(
        {
            "household_id": pc.take(ids, pa.array(household, pa.int64())),
            "year": pa.array(np.concatenate(rows["year"]), pa.int32()),
            "event": pa.array(np.concatenate(rows["event"]), pa.string()),
        }
    )
