"""Assembles the generated arrays into the contract's Arrow tables (regions, households, members)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from fupin.synth import arrow, exclusions, ids, names
from fupin.synth.attributes import People
from fupin.synth.constants import (
    CAUSES,
    COUNT_COLUMNS,
    EDUCATION,
    ETHNICITIES,
    ETHNICITY_SHARES,
    EXCLUSION_HOUSEHOLD_FLAGS,
    EXCLUSION_MEMBER_FLAGS,
    HEALTH,
    HOUSEHOLD_TYPES,
    HOUSING_GRADES,
    HOUSING_STRUCTURES,
    ID_AREA,
    LABOUR_ABILITIES,
    LABOUR_TYPES,
    MONEY_COLUMNS,
    POVERTY_LINES,
    REGISTERED_STATUSES,
    RELATIONS,
    SEXES,
)
from fupin.synth.people import Composition
from fupin.synth.regions import RegionTree

DEEP_POVERTY_VILLAGE = 0.20  # village incidence above 20% marks a deep-poverty village [C]
_SHARES_SURNAME = (
    RELATIONS.index("head"),
    RELATIONS.index("child"),
    RELATIONS.index("grandchild"),
    RELATIONS.index("sibling"),
)


def _causes_text(main: np.ndarray, others: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = np.array(("",) + CAUSES, dtype=object)
    main_text = labels[main + 1]
    first, second = labels[others[:, 0] + 1], labels[others[:, 1] + 1]
    joined = np.where(second == "", first, first + ";" + second)
    return main_text, joined


def _household_ids(
    tree: RegionTree, village: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    starts = np.searchsorted(village, village, side="left")
    serial = np.arange(village.size) - starts + 1
    codes = tree.village_codes[village]
    return codes, serial, np.char.add(codes, np.char.zfill(serial.astype(str), 4))


def _previous_income(rng: np.random.Generator, pc: np.ndarray, shocked: np.ndarray) -> pa.Array:
    # Last year's income ~9% lower on average; illness or disaster this year means it was higher.
    growth = rng.normal(0.09, 0.12, pc.size) - np.where(shocked, 0.35, 0.0)
    previous = np.rint(np.maximum(pc, 0) * np.exp(-growth) * 100).astype(np.int64)
    return arrow.money(previous, valid=rng.random(pc.size) >= 0.03)


def _region_table(
    tree: RegionTree, village: np.ndarray, pc: np.ndarray, size: np.ndarray, poor_line: int
) -> pa.Table:
    people = np.bincount(village, weights=size, minlength=tree.village_codes.size)
    poor = np.bincount(village, weights=size * (pc < poor_line), minlength=tree.village_codes.size)
    incidence = poor / np.maximum(people, 1)
    n_upper = tree.code.size - tree.village_codes.size
    deep = np.concatenate([np.zeros(n_upper, dtype=bool), incidence > DEEP_POVERTY_VILLAGE])
    key = np.arange(tree.code.size) >= 2  # the county and everything in it is a key county
    return pa.table(
        {
            "code": arrow.strings(tree.code),
            "name": arrow.strings(tree.name),
            "level": arrow.strings(tree.level),
            "parent_code": pa.array([p or None for p in tree.parent], type=pa.string()),
            "deep_poverty": pa.array(deep),
            "key_county": pa.array(key),
            "western": pa.array(np.ones(tree.code.size, dtype=bool)),
        }
    )


def _member_names(rng: np.random.Generator, comp: Composition) -> np.ndarray:
    family = names.surnames(rng, comp.size.size)[comp.household]
    own = names.surnames(rng, comp.household.size)
    male_parent = (comp.relation == RELATIONS.index("parent")) & (comp.sex == 0)
    shares = np.isin(comp.relation, _SHARES_SURNAME) | male_parent
    return np.char.add(np.where(shares, family, own), names.given_names(rng, comp.sex == 1))


def _members(
    rng: np.random.Generator, comp: Composition, attrs: People, state: dict[str, Any], year: int
) -> tuple[pa.Table, np.ndarray]:
    m = comp.household.size
    # Born in year - age, so the age on 31 December of the income year is exactly ``age``.
    birth_year = (year - comp.age - 1970).astype("datetime64[Y]")
    first_day = birth_year.astype("datetime64[D]")
    length = (birth_year + 1).astype("datetime64[D]") - first_day
    birth_date = first_day + (rng.random(m) * length.astype(np.int64)).astype("timedelta64[D]")
    uninsured = rng.random(m) < state["living"]["medical_uninsured_p"][comp.household]
    ethnicity = rng.choice(len(ETHNICITIES), comp.size.size, p=ETHNICITY_SHARES)[comp.household]
    name = _member_names(rng, comp)
    return pa.table(
        {
            "household_id": arrow.fixed_ascii(state["household_id"][comp.household]),
            "id_number": arrow.fixed_ascii(ids.make_many(ID_AREA, birth_date, comp.sex == 1)),
            "name": arrow.strings(name),
            "relation": arrow.coded(comp.relation, RELATIONS),
            "sex": arrow.coded(comp.sex, SEXES),
            "birth_date": arrow.fixed_ascii(np.datetime_as_string(birth_date, unit="D")),
            "in_school": arrow.yes_no(attrs.in_school),
            "health": arrow.coded(attrs.health, HEALTH),
            "labour_ability": arrow.coded(attrs.labour_ability, LABOUR_ABILITIES),
            "medical_insurance": arrow.yes_no(~uninsured),
            "ethnicity": arrow.coded(ethnicity, ETHNICITIES),
            "education": arrow.coded(attrs.education, EDUCATION),
            "labour_type": arrow.coded(attrs.labour_type, LABOUR_TYPES),
            "migrant_months": pa.array(attrs.migrant_months.astype(np.int32)),
            "pension_insurance": arrow.yes_no(attrs.pension_insurance),
        }
    ), name


def _household_type(dibao: np.ndarray, wubao: np.ndarray) -> np.ndarray:
    return np.select([dibao & wubao, wubao, dibao], [3, 2, 1], 0)


def _households(
    rng: np.random.Generator,
    tree: RegionTree,
    money: dict[str, np.ndarray],
    state: dict[str, Any],
    year: int,
    head_names: np.ndarray,
) -> pa.Table:
    living, village = state["living"], state["village"]
    codes, serial, _ = _household_ids(tree, village)
    group_size = rng.integers(25, 50, tree.village_codes.size)[village]
    main, others = _causes_text(state["main_cause"], state["other_causes"])
    shocked = (money["disaster_loss"] > 0) | (money["medical_out_of_pocket"] > 500_000)
    columns: dict[str, pa.Array] = {
        "household_id": arrow.fixed_ascii(state["household_id"]),
        "village_code": arrow.fixed_ascii(codes),
        "year": pa.array(np.full(village.size, year, dtype=np.int32)),
        "registered_status": arrow.coded(state["status"], REGISTERED_STATUSES),
        "food_secure": arrow.yes_no(~living["food_insecure"]),
        "clothing_secure": arrow.yes_no(~living["clothing_insecure"]),
        "safe_water": arrow.yes_no(~living["unsafe_water"]),
        "housing_grade": arrow.coded(living["housing_grade"], HOUSING_GRADES),
    }
    columns.update({name: arrow.money(money[name]) for name in MONEY_COLUMNS})
    columns["previous_per_capita_net_income"] = _previous_income(rng, state["pc"], shocked)
    columns.update(
        {
            "head_name": arrow.strings(head_names),
            "group_no": pa.array((1 + (serial - 1) // group_size).astype(np.int32)),
            "household_type": arrow.coded(
                _household_type(state["dibao"], state["wubao"]), HOUSEHOLD_TYPES
            ),
            "main_cause": pa.array(main, type=pa.string()),
            "other_causes": pa.array(others, type=pa.string()),
            "housing_area": pa.array(living["housing_area"].astype(np.float64)),
            "housing_structure": arrow.coded(living["housing_structure"], HOUSING_STRUCTURES),
            "housing_year": pa.array(living["housing_year"].astype(np.int32)),
            "water_difficult": arrow.yes_no(living["water_difficult"]),
            "electricity": arrow.yes_no(~living["no_electricity"]),
            "road_access": arrow.yes_no(~living["no_road"]),
            "land_mu": pa.array(state["land"].astype(np.float64)),
            "relocated": arrow.yes_no(living["relocated"]),
        }
    )
    return pa.table(columns)


def _with_facts(
    table: pa.Table,
    facts: exclusions.ExclusionFacts,
    flags: tuple[str, ...],
    counts: tuple[str, ...],
) -> pa.Table:
    for name in flags:
        table = table.append_column(name, arrow.yes_no(getattr(facts, name)))
    for name in counts:
        table = table.append_column(name, pa.array(getattr(facts, name), pa.int32()))
    return table


def build(
    rng: np.random.Generator,
    tree: RegionTree,
    comp: Composition,
    attrs: People,
    money: dict[str, np.ndarray],
    state: dict[str, Any],
    year: int,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(regions, households, members) tables for the generated county."""
    state["household_id"] = _household_ids(tree, state["village"])[2]
    # A stream of their own: the facts move no other draw of the county.
    facts = exclusions.draw(
        rng.spawn(1)[0], comp, attrs, state["tier"], state["pc"], state["land"], state["village"]
    )
    members, member_names = _members(rng, comp, attrs, state, year)
    members = _with_facts(members, facts, EXCLUSION_MEMBER_FLAGS, ())
    first_member = np.cumsum(comp.size) - comp.size  # the head is each household's first member
    households = _households(rng, tree, money, state, year, member_names[first_member])
    households = _with_facts(households, facts, EXCLUSION_HOUSEHOLD_FLAGS, COUNT_COLUMNS)
    regions = _region_table(tree, state["village"], state["pc"], comp.size, POVERTY_LINES[year])
    return regions, households, members
