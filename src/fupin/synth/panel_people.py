"""Who lives in a panel household each year: births, deaths, and the shared members table.

The roster has one members row per person for the whole panel (ages follow birth dates), so a
person's presence is carried by two things a county's records also hold: the birth date (nobody
belongs to a household before the year of birth) and the extra column ``left_year`` — the first
income year in which the person no longer belongs (death; null while still there). ``fupin
identify`` ignores the extra column; the panel reader in ``fupin.targeting`` uses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.synth import arrow, ids, names
from fupin.synth.constants import ID_AREA

STILL_THERE = 9999  # left_year of someone who never leaves during the panel
BIRTH_P = 0.05  # households with a woman aged 20-38: a birth a year [U]
DEATH_P = 0.05  # households with a non-head member aged 70+: that member dies in a year [U]


@dataclass
class People:
    """Member arrays carried through the years (base members first, newborns appended)."""

    household: np.ndarray
    birth_year: np.ndarray
    female: np.ndarray
    is_head: np.ndarray
    left_year: np.ndarray
    newborn_household: list[np.ndarray] = field(default_factory=list)
    newborn_year: list[int] = field(default_factory=list)

    def present(self, year: int) -> np.ndarray:
        """Mask of members who belong to their household in ``year``."""
        return (self.birth_year <= year) & (self.left_year > year)

    def sizes(self, year: int, households: int) -> np.ndarray:
        """Household sizes in ``year``."""
        present = self.present(year)
        return np.bincount(self.household[present], minlength=households).astype(np.int64)


def base_people(members: pa.Table, household_ids: pa.Array) -> People:
    """The base county's members as panel arrays."""
    household = pc.index_in(members["household_id"], value_set=household_ids).to_numpy()
    birth_year = pc.cast(
        pc.utf8_slice_codeunits(members["birth_date"], 0, 4), pa.int64()
    ).to_numpy()
    return People(
        household=np.asarray(household, dtype=np.int64),
        birth_year=np.asarray(birth_year, dtype=np.int64),
        female=pc.equal(members["sex"], "F").to_numpy(zero_copy_only=False),
        is_head=pc.equal(members["relation"], "head").to_numpy(zero_copy_only=False),
        left_year=np.full(members.num_rows, STILL_THERE, dtype=np.int64),
    )


def step_people(
    rng: np.random.Generator, people: People, year: int, households: int
) -> tuple[np.ndarray, np.ndarray]:
    """Births and deaths of ``year``; returns the households with a birth and with a death."""
    present = people.present(year - 1)
    age = year - people.birth_year
    mother = present & people.female & (age >= 20) & (age <= 38)
    can_give_birth = np.bincount(people.household[mother], minlength=households) > 0
    born = can_give_birth & (rng.random(households) < BIRTH_P)
    elder = present & ~people.is_head & (age >= 70)
    # One elder per household may die: the first listed elder of each drawn household.
    has_elder = np.bincount(people.household[elder], minlength=households) > 0
    dies = has_elder & (rng.random(households) < DEATH_P)
    elder_rows = np.flatnonzero(elder)
    first_elder = elder_rows[np.unique(people.household[elder_rows], return_index=True)[1]]
    dying = first_elder[dies[people.household[first_elder]]]
    people.left_year[dying] = year
    _add_newborns(rng, people, np.flatnonzero(born), year)
    return born, dies


def _add_newborns(
    rng: np.random.Generator, people: People, households: np.ndarray, year: int
) -> None:
    count = households.size
    people.household = np.r_[people.household, households]
    people.birth_year = np.r_[people.birth_year, np.full(count, year)]
    people.female = np.r_[people.female, rng.random(count) < 0.47]
    people.is_head = np.r_[people.is_head, np.zeros(count, dtype=bool)]
    people.left_year = np.r_[people.left_year, np.full(count, STILL_THERE)]
    people.newborn_household.append(households)
    people.newborn_year.append(year)


def members_table(
    rng: np.random.Generator,
    base: pa.Table,
    people: People,
    household_ids: pa.Array,
    years: tuple[int, int],
    until: dt.date | None = None,
) -> pa.Table:
    """The shared members table: base members, then newborns (none born after ``until``),
    with ``left_year``."""
    newborns = _newborn_table(rng, base, people, household_ids, until)
    table = pa.concat_tables([base, newborns]) if newborns.num_rows else base
    left = pa.array(people.left_year, pa.int32(), mask=people.left_year == STILL_THERE)
    table = _school_children(table, people, years)
    return table.append_column("left_year", left)


def _school_children(table: pa.Table, people: People, years: tuple[int, int]) -> pa.Table:
    # The roster holds one in_school value per person: a child below school age at the start
    # who reaches 6 by the panel's end is recorded as going to school (enrolment ~99%), so the
    # EDUCATION gap is not raised merely because the child grew older.
    first_year, last_year = years
    age_at_start = first_year - people.birth_year
    reaches_school = (age_at_start < 6) & (last_year - people.birth_year >= 6)
    in_school = pc.if_else(pa.array(reaches_school), "yes", table["in_school"])
    return table.set_column(table.schema.get_field_index("in_school"), "in_school", in_school)


def _newborn_table(
    rng: np.random.Generator,
    base: pa.Table,
    people: People,
    household_ids: pa.Array,
    until: dt.date | None,
) -> pa.Table:
    if not people.newborn_household:
        return base.slice(0, 0)
    household = np.concatenate(people.newborn_household)
    year = np.concatenate(
        [
            np.full(h.size, y)
            for h, y in zip(people.newborn_household, people.newborn_year, strict=True)
        ]
    )
    count = household.size
    female = people.female[-count:]
    start = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days = np.full(count, 365)
    if until is not None:  # this year's babies are born by today
        days = np.where(year == until.year, until.timetuple().tm_yday, days)
    birth = start + rng.integers(0, days).astype("timedelta64[D]")
    surname = _head_surnames(base, household_ids)[household]
    given = names.given_names(rng, female)
    columns = {
        "household_id": pc.take(household_ids, pa.array(household)),
        "id_number": arrow.fixed_ascii(ids.make_many(ID_AREA, birth, female)),
        "name": arrow.strings(np.char.add(surname, given)),
        "relation": pa.array(np.full(count, "child"), pa.string()),
        "sex": pa.array(np.where(female, "F", "M"), pa.string()),
        "birth_date": arrow.fixed_ascii(np.datetime_as_string(birth, unit="D")),
        "in_school": pa.array(np.full(count, "no"), pa.string()),
        "health": pa.array(np.full(count, "healthy"), pa.string()),
        "labour_ability": pa.array(np.full(count, "none"), pa.string()),
        "medical_insurance": pa.array(np.full(count, "yes"), pa.string()),
        "ethnicity": pa.array(np.full(count, "han"), pa.string()),
        "education": pa.array(np.full(count, "none"), pa.string()),
        "labour_type": pa.array(np.full(count, "none"), pa.string()),
        "migrant_months": pa.array(np.zeros(count, dtype=np.int32)),
        "pension_insurance": pa.array(np.full(count, "no"), pa.string()),
        "on_state_payroll": pa.array(np.full(count, "no"), pa.string()),
        "is_village_cadre": pa.array(np.full(count, "no"), pa.string()),
    }
    return pa.table({name: columns[name] for name in base.column_names}).cast(base.schema)


def _head_surnames(base: pa.Table, household_ids: pa.Array) -> np.ndarray:
    heads = base.filter(pc.equal(base["relation"], "head"))
    index = pc.index_in(heads["household_id"], value_set=household_ids).to_numpy()
    surname = np.full(len(household_ids), "王", dtype="U1")
    surname[index] = np.asarray(
        pc.utf8_slice_codeunits(heads["name"], 0, 1).to_pylist(), dtype="U1"
    )
    return surname
