"""The generated tables keep the synthetic data contract (columns, types, value sets, IDs)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pyarrow as pa
import pytest

from fupin import idnumber
from fupin.synth import SynthCounty, demo_county

MONEY = pa.decimal128(18, 2)
YES_NO = {"yes", "no"}
CAUSES = {
    "illness",
    "disability",
    "schooling",
    "disaster",
    "land",
    "water",
    "skills",
    "labour",
    "funds",
    "transport",
    "motivation",
    "other",
}
HOUSEHOLD_TYPES = {
    "household_id": pa.string(),
    "village_code": pa.string(),
    "year": pa.int32(),
    "registered_status": pa.string(),
    "food_secure": pa.string(),
    "clothing_secure": pa.string(),
    "safe_water": pa.string(),
    "housing_grade": pa.string(),
    **{
        name: MONEY
        for name in (
            "wage_local",
            "wage_migrant",
            "migrant_living_cost",
            "operating_income",
            "operating_cost",
            "property_income",
            "transfer_relief",
            "transfer_development",
            "inkind_consumption",
            "medical_out_of_pocket",
            "disaster_loss",
            "previous_per_capita_net_income",
        )
    },
    "head_name": pa.string(),
    "household_type": pa.string(),
    "main_cause": pa.string(),
    "other_causes": pa.string(),
    "housing_area": pa.float64(),
    "housing_structure": pa.string(),
    "water_difficult": pa.string(),
    "electricity": pa.string(),
    "road_access": pa.string(),
    "land_mu": pa.float64(),
    "relocated": pa.string(),
}
HOUSEHOLD_VALUES = {
    "registered_status": {"none", "poor", "exited"},
    "food_secure": YES_NO,
    "clothing_secure": YES_NO,
    "safe_water": YES_NO,
    "housing_grade": {"A", "B", "C", "D"},
    "household_type": {"ordinary", "dibao", "wubao", "dibao_wubao"},
    "housing_structure": {"brick_concrete", "brick_wood", "earth_wood", "other"},
    "water_difficult": YES_NO,
    "electricity": YES_NO,
    "road_access": YES_NO,
    "relocated": YES_NO,
}
MEMBER_VALUES = {
    "relation": {"head", "spouse", "child", "parent", "grandchild", "sibling", "other"},
    "sex": {"M", "F"},
    "in_school": YES_NO,
    "health": {"healthy", "chronic", "serious", "disabled"},
    "labour_ability": {"ordinary", "skilled", "lost", "none"},
    "medical_insurance": YES_NO,
    "education": {"none", "primary", "junior", "senior", "college"},
    "labour_type": {"farming", "migrant", "half", "none"},
    "pension_insurance": YES_NO,
}
MEMBER_STRINGS = ("household_id", "id_number", "name", "birth_date", "ethnicity")


def test_household_columns_have_the_contract_types(small_county: SynthCounty) -> None:
    schema = small_county.households.schema
    for name, kind in HOUSEHOLD_TYPES.items():
        assert schema.field(name).type == kind, name
    assert pa.types.is_integer(schema.field("group_no").type)
    assert pa.types.is_integer(schema.field("housing_year").type)


def test_member_columns_have_the_contract_types(small_county: SynthCounty) -> None:
    schema = small_county.members.schema
    for name in (*MEMBER_STRINGS, *MEMBER_VALUES):
        assert schema.field(name).type == pa.string(), name
    assert pa.types.is_integer(schema.field("migrant_months").type)


@pytest.mark.parametrize(
    "table_name, allowed", [("households", HOUSEHOLD_VALUES), ("members", MEMBER_VALUES)]
)
def test_enumerated_columns_hold_only_contract_values(small_county, table_name, allowed) -> None:
    table = getattr(small_county, table_name)
    for name, values in allowed.items():
        assert set(table.column(name).to_pylist()) <= values, name


def test_money_is_never_negative_and_only_previous_income_may_be_null(small_county) -> None:
    households = small_county.households
    for name, kind in HOUSEHOLD_TYPES.items():
        if kind != MONEY:
            continue
        values = households.column(name).to_pylist()
        present = [v for v in values if v is not None]
        assert all(v >= 0 for v in present), name
        if name != "previous_per_capita_net_income":
            assert len(present) == len(values), name


def test_every_household_has_exactly_one_head_and_members_have_a_household(small_county) -> None:
    households = small_county.households.column("household_id").to_pylist()
    members = small_county.members
    heads = Counter(
        h
        for h, r in zip(
            members.column("household_id").to_pylist(),
            members.column("relation").to_pylist(),
            strict=True,
        )
        if r == "head"
    )
    assert len(set(households)) == len(households)
    assert set(heads) == set(households)
    assert set(heads.values()) == {1}
    assert set(members.column("household_id").to_pylist()) == set(households)


def test_head_name_is_the_name_of_the_head(small_county) -> None:
    members = small_county.members.to_pydict()
    head_of = {
        h: n
        for h, n, r in zip(
            members["household_id"], members["name"], members["relation"], strict=True
        )
        if r == "head"
    }
    households = small_county.households.to_pydict()
    assert all(
        head_of[h] == n
        for h, n in zip(households["household_id"], households["head_name"], strict=True)
    )


def test_id_numbers_are_valid_unique_and_agree_with_sex_and_birth_date(small_county) -> None:
    members = small_county.members.to_pydict()
    numbers = members["id_number"]
    assert len(set(numbers)) == len(numbers)
    for number, sex, birth in zip(numbers, members["sex"], members["birth_date"], strict=True):
        parsed = idnumber.parse(number)
        assert parsed.area == "619901"
        assert parsed.sex == sex
        assert parsed.birth_date == dt.date.fromisoformat(birth)


def test_names_are_chinese(small_county) -> None:
    names = small_county.members.column("name").to_pylist()
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) for n in names)


def test_causes_only_for_registered_households_from_the_twelve_codes(small_county) -> None:
    rows = small_county.households.to_pydict()
    for status, main, others in zip(
        rows["registered_status"], rows["main_cause"], rows["other_causes"], strict=True
    ):
        if status == "none":
            assert main == "" and others == ""
            continue
        assert main in CAUSES
        listed = [c for c in others.split(";") if c]
        assert len(listed) <= 2 and set(listed) <= CAUSES and main not in listed


def test_region_tree_is_consistent(small_county) -> None:
    regions = small_county.regions.to_pydict()
    codes = regions["code"]
    assert all(re.fullmatch(r"\d{12}", c) for c in codes) and len(set(codes)) == len(codes)
    level_of = dict(zip(codes, regions["level"], strict=True))
    expected_parent = {
        "city": "province",
        "county": "city",
        "township": "county",
        "village": "township",
    }
    for code, level, parent in zip(codes, regions["level"], regions["parent_code"], strict=True):
        if level == "province":
            assert parent is None
        else:
            assert level_of[parent] == expected_parent[level]
            assert code.startswith(
                parent.rstrip("0")[: {"city": 2, "county": 4, "township": 6, "village": 9}[level]]
            )
    villages = {c for c, lvl in level_of.items() if lvl == "village"}
    assert set(small_county.households.column("village_code").to_pylist()) <= villages
    assert all(isinstance(regions[f][0], bool) for f in ("deep_poverty", "key_county", "western"))


def test_household_ids_start_with_their_village_code(small_county) -> None:
    rows = small_county.households.to_pydict()
    assert all(
        h.startswith(v) for h, v in zip(rows["household_id"], rows["village_code"], strict=True)
    )


@pytest.mark.parametrize(
    "scale, year", [(0.0, 2014), (-1.0, 2014), (11.0, 2014), (0.01, 2013), (0.01, 2021)]
)
def test_bad_arguments_are_refused(scale: float, year: int) -> None:
    with pytest.raises(ValueError):
        demo_county(scale=scale, year=year)
