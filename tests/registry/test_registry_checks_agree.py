"""The four places that check households and members flag the same hand-made bad rows.

The roster validator, the registry's bulk loader, its single-record validation and the batch
engine's screen with its validation each phrase problems their own way; which rows are wrong
comes from the one definition of each rule (``fupin.rules.checks``), so they must agree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from county_tables import _regions
from django.utils import translation

from fupin import idnumber
from fupin.batch import partition
from fupin.batch.dataset import with_place
from fupin.policy import load_policy
from fupin.registry.models import Member
from fupin.registry.services.loader import LoadError, validate_county
from fupin.registry.services.validation import (
    check_amounts,
    check_duplicate_ids,
    check_heads,
    check_member_identity,
    model_problems,
)
from fupin.rules import columns as col
from fupin.rules.roster import RawRoster, validate_roster
from fupin.rules.roster.reader import ROW

pytestmark = pytest.mark.django_db
AREA = "980203"
VILLAGE = "980203100201"  # a village of county_tables' regions
BORN = dt.date(1980, 5, 1)


def _id(sequence: int, sex: str = "M", born: dt.date = BORN) -> str:
    return idnumber.make(AREA, born, sequence, sex)


def _bad_check(sequence: int) -> str:
    good = _id(sequence)
    return good[:17] + ("0" if good[17] != "0" else "1")


def _impossible_birth() -> str:
    first17 = f"{AREA}19800230001"  # 30 February
    return first17 + idnumber.check_character(first17)


def member(household: str, number: str, **values: str) -> dict[str, str]:
    row = {
        "household_id": household, "id_number": number, "name": "张三", "relation": "head",
        "sex": "M", "birth_date": BORN.isoformat(), "in_school": "no", "health": "healthy",
        "labour_ability": "ordinary", "medical_insurance": "yes",
    }  # fmt: skip
    return {**row, **values}


TWIN = _id(90)
# Each bad household has exactly one thing wrong, in the column named (written by hand).
BAD_CELLS = {
    "H-CHECK": "id_number",  # wrong check character
    "H-BIRTH": "id_number",  # the ID encodes 30 February
    "H-SEX": "sex",  # the ID says M
    "H-RELATION": "relation",  # cousin is no relation code
    "H-HEALTH": "health",  # unwell is no health code
    "H-NEGATIVE": "wage_local",  # -5.00 yuan
    "H-PRECISE": "wage_local",  # 1.005 yuan: a third decimal
    "H-REPEAT": "id_number",  # the spouse holds the head's ID number
}
EXPECTED = {*BAD_CELLS, "H-TWO-HEADS"}  # two members with relation head
WAGES = {"H-NEGATIVE": "-5.00", "H-PRECISE": "1.005"}  # wage_local as typed; others 100.00
MEMBERS = [
    member("H-OK", _id(1)),
    member("H-OK", _id(2, "F", dt.date(2010, 3, 4)), relation="child", sex="F",
           birth_date="2010-03-04", in_school="yes"),
    member("H-CHECK", _bad_check(3)),
    member("H-BIRTH", _impossible_birth(), birth_date="1980-02-28"),
    member("H-SEX", _id(4), sex="F"),
    member("H-RELATION", _id(5)),
    member("H-RELATION", _id(6), relation="cousin"),
    member("H-HEALTH", _id(7), health="unwell"),
    member("H-NEGATIVE", _id(8)),
    member("H-PRECISE", _id(9)),
    member("H-TWO-HEADS", _id(10)),
    member("H-TWO-HEADS", _id(11)),
    member("H-REPEAT", TWIN),
    member("H-REPEAT", TWIN, relation="spouse"),
]  # fmt: skip
HOUSEHOLDS = list(dict.fromkeys(m["household_id"] for m in MEMBERS))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _wage(household: str) -> str:
    return WAGES.get(household, "100.00")


def _households_table(money: pa.DataType | None) -> pa.Table:
    """The households; amounts of type ``money``, or (None) as the text of a roster's cells."""
    n = len(HOUSEHOLDS)
    data: dict[str, pa.Array] = {
        "household_id": pa.array(HOUSEHOLDS),
        "village_code": pa.array([VILLAGE] * n),
        "year": pa.array([2020] * n, pa.int32()) if money else pa.array(["2020"] * n),
        "registered_status": pa.array(["none"] * n),
        **{c: pa.array(["yes"] * n) for c in ("food_secure", "clothing_secure", "safe_water")},
        "housing_grade": pa.array(["A"] * n),
    }
    for name in col.MONEY_COLUMNS:
        amounts = [_wage(h) if name == "wage_local" else "0" for h in HOUSEHOLDS]
        data[name] = pa.array([Decimal(a) for a in amounts], money) if money else pa.array(amounts)
    return pa.table(data)


def _members_table() -> pa.Table:
    return pa.Table.from_pylist(MEMBERS)


def _owner(place: str, households: list[str]) -> tuple[str, str]:
    """(household, column) of a loader place such as ``members[3].sex``."""
    table, row, column = re.fullmatch(r"(\w+)\[(\d+)\]\.(\w+)", place).groups()
    owners = households if table == "households" else [m["household_id"] for m in MEMBERS]
    return owners[int(row)], column


def roster_flags() -> set[tuple[str, str]]:
    # Every cell as text, as read from a sheet, rows numbered as on the sheet.
    households = _households_table(None)
    households = households.append_column(ROW, pa.array(range(2, 2 + households.num_rows)))
    members = _members_table().append_column(ROW, pa.array(range(2, 2 + len(MEMBERS))))
    found = validate_roster(RawRoster(households, members, Path(".")), load_policy("cn"))
    return {(p.household_id, p.column) for p in found.problems}


def loader_flags() -> set[tuple[str, str]]:
    county = type("County", (), {})()
    county.regions = _regions()
    county.households = _households_table(pa.decimal128(18, 3))
    county.members = _members_table()
    with pytest.raises(LoadError) as refused:
        validate_county(county)
    return {_owner(place, HOUSEHOLDS) for place, _message in refused.value.errors}


def _registry_member(row: dict[str, str]) -> dict[str, object]:
    data = {k: v for k, v in row.items() if k != "household_id"}
    data.update(
        in_school=row["in_school"] == "yes", medical_insurance=row["medical_insurance"] == "yes"
    )
    return data


def single_record_flags() -> set[tuple[str, str]]:
    found = set()
    for household in HOUSEHOLDS:
        members = [_registry_member(m) for m in MEMBERS if m["household_id"] == household]
        problems = check_heads(members)
        for index, data in enumerate(members):
            path = f"members[{index}]"
            problems += check_member_identity(data, path)
            problems += model_problems(Member(**data), path, exclude=["household"])
        problems += check_duplicate_ids(members, None)
        problems += check_amounts({"wage_local": Decimal(_wage(household))}, "")
        found |= {(household, path.rsplit(".", 1)[-1]) for path, _message in problems}
    return found


def batch_flags() -> set[tuple[str, str]]:
    households = with_place(_households_table(pa.decimal128(18, 3)), 0)
    outcome = partition.process(
        households, with_place(_members_table(), 0), load_policy("cn"), None, (["h"], ["m"])
    )
    assert outcome.results["household_id"].to_pylist() == ["H-OK"]
    return set(
        zip(
            outcome.problems["household_id"].to_pylist(),
            outcome.problems["column"].to_pylist(),
            strict=True,
        )
    )


@pytest.mark.parametrize(
    "place",
    [roster_flags, loader_flags, single_record_flags, batch_flags],
    ids=lambda f: f.__name__,
)
def test_each_place_flags_exactly_the_bad_households_in_the_bad_cells(place):
    flagged = place()
    assert {household for household, _column in flagged} == EXPECTED
    for household, column in BAD_CELLS.items():
        assert (household, column) in flagged, (household, column)


def test_the_registry_choices_carry_the_core_codes_and_their_labels():
    from fupin.registry import choices
    from fupin.rules.checks import codes

    derived = {
        choices.Relation: codes.RELATIONS,
        choices.Sex: codes.SEXES,
        choices.Health: codes.HEALTH,
        choices.LabourAbility: codes.LABOUR_ABILITIES,
        choices.LabourType: codes.LABOUR_TYPES,
        choices.Education: codes.EDUCATION,
        choices.HousingGrade: codes.HOUSING_GRADES,
        choices.Structure: codes.HOUSING_STRUCTURES,
        choices.HouseholdType: codes.HOUSEHOLD_TYPES,
        choices.Standard: codes.IDENTIFICATION_STANDARDS,
        choices.Cause: codes.CAUSES,
    }
    for kind, allowed in derived.items():
        assert tuple(kind.values) == allowed, kind.__name__
    assert (choices.Sex.MALE, str(choices.Sex.MALE.label)) == ("M", "male")
    assert str(choices.Relation("head").label) == "head of household"
    with translation.override("zh-hans"):
        assert str(choices.Relation.HEAD.label) == "户主"


def test_a_labelled_code_list_must_match_the_core_table():
    from django.core.exceptions import ImproperlyConfigured

    from fupin.registry.choices import labelled

    with pytest.raises(ImproperlyConfigured, match="the codes are"):
        labelled("Sex", ("M", "F"), {"M": "male"})


def test_a_correction_cannot_make_an_income_negative_or_over_precise(cast):
    from fupin.registry.errors import RecordError
    from fupin.registry.services.corrections import correct_income

    record = cast.h_a1_2.incomes.get(year=2014)
    for value, message in (
        (Decimal("-5.00"), "must be at least 0 and below 1,000,000,000,000 yuan"),
        (Decimal("1.005"), "must have at most 2 decimals (whole fen)"),
    ):
        with pytest.raises(RecordError) as refused:
            correct_income(
                record, {"wage_local": value}, expected_version=1, actor=None, reason="typo"
            )
        assert refused.value.errors == [("incomes.2014.wage_local", message)]
    # Last year's per-capita figure may be negative (a loss), as in a roster.
    correct_income(
        record,
        {"previous_per_capita_net_income": Decimal("-120.50")},
        expected_version=1,
        actor=None,
        reason="a loss",
    )
    record.refresh_from_db()
    assert record.previous_per_capita_net_income == Decimal("-120.50")
