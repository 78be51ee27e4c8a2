"""Member identity checks (no database): every generated ID passes, any tampering is named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from fupin import idnumber
from fupin.registry.services.validation import check_member_identity

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))
sexes = st.sampled_from(["M", "F"])
sequences = st.integers(min_value=0, max_value=499)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@given(dates, sexes, sequences)
def test_a_consistent_member_has_no_problems(born, sex, seq):
    data = {"id_number": idnumber.make("990102", born, seq, sex), "sex": sex, "birth_date": born}
    assert check_member_identity(data, "members[0]") == []


@given(dates, sexes, sequences)
def test_the_other_sex_is_named(born, sex, seq):
    other = "F" if sex == "M" else "M"
    data = {"id_number": idnumber.make("990102", born, seq, sex), "sex": other}
    problems = check_member_identity(data, "members[3]")
    assert problems == [("members[3].sex", f"is {other} but the ID number says {sex}")]
    assert data["birth_date"] == born  # filled in from the ID number


@given(dates, sexes, sequences, st.sampled_from("0123456789X"))
def test_any_wrong_check_character_is_named(born, sex, seq, replacement):
    number = idnumber.make("990102", born, seq, sex)
    if replacement == number[17]:
        return
    data = {"id_number": number[:17] + replacement}
    problems = check_member_identity(data, "members[1]")
    assert problems == [
        ("members[1].id_number", f"check character is {replacement}, expected {number[17]}")
    ]


def test_lowercase_x_is_accepted_and_normalised():
    number = next(
        idnumber.make("990102", dt.date(1990, 1, d), s, "M")
        for d in range(1, 28)
        for s in range(50)
        if idnumber.make("990102", dt.date(1990, 1, d), s, "M").endswith("X")
    )
    data = {"id_number": number.lower()}
    assert check_member_identity(data, "members[0]") == []
    assert data["id_number"] == number
