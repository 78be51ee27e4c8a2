"""The byte-matrix fast paths agree with the roster validator's ID checks on any input."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import idnumber
from fupin.batch import fixed
from fupin.rules.roster.idcheck import check_ids

DIGITS = "0123456789"


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs, and IDs with one character, the date or the check character damaged."""
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    area = draw(st.text(DIGITS, min_size=6, max_size=6))
    sequence = draw(st.text(DIGITS, min_size=3, max_size=3))
    first17 = area + born.strftime("%Y%m%d") + sequence
    text = first17 + idnumber.check_character(first17)
    damage = draw(st.sampled_from(["none", "char", "check", "month", "day"]))
    position = draw(st.integers(0, 17))
    if damage == "char":
        text = text[:position] + draw(st.sampled_from("0123456789XA")) + text[position + 1 :]
    elif damage == "check":
        text = text[:17] + draw(st.sampled_from("0123456789X"))
    elif damage == "month":
        text = text[:10] + draw(st.sampled_from(["00", "13", "02", "12"])) + text[12:]
    elif damage == "day":
        text = text[:12] + draw(st.sampled_from(["00", "29", "30", "31", "32"])) + text[14:]
    return text


@settings(max_examples=60, deadline=None)
@given(st.lists(id_like(), min_size=1, max_size=40))
def test_fast_id_check_equals_the_validator(ids: list[str]) -> None:
    array = pa.array(ids)
    matrix = fixed.byte_matrix(array)
    assert matrix is not None
    assert (fixed.valid_ids(matrix) == check_ids(array).valid).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(DIGITS, min_size=12, max_size=12), min_size=1, max_size=50))
def test_repeated_keys_marks_exactly_the_repeated_values(codes: list[str]) -> None:
    matrix = fixed.byte_matrix(pa.array(codes))
    assert matrix is not None
    found = fixed.repeated_keys(fixed.digit_key(matrix, 12))
    expected = np.array([codes.count(c) > 1 for c in codes])
    assert (found == expected).all()


def test_byte_matrix_refuses_mixed_widths_and_nulls() -> None:
    assert fixed.byte_matrix(pa.array(["12", "123"])) is None
    assert fixed.byte_matrix(pa.array(["12", None])) is None
    assert fixed.byte_matrix(pa.array(["ab", "cd"])).tolist() == [[97, 98], [99, 100]]


def test_sex_and_birth_date_agreement() -> None:
    first17 = "11010119800229001"
    male = first17 + idnumber.check_character(first17)
    ids = fixed.byte_matrix(pa.array([male, male]))
    sexes = fixed.byte_matrix(pa.array(["M", "F"]))
    dates = fixed.byte_matrix(pa.array(["1980-02-29", "1980/02/29"]))
    assert fixed.sex_matches(ids, sexes).tolist() == [True, False]
    assert fixed.birth_matches(ids, dates).tolist() == [True, False]
