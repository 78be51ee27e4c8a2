"""The one definition of each household and member check (``fupin.rules.checks``)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import idnumber
from fupin.rules.checks import amounts, codes, ids
from fupin.rules.checks import households as structure

DIGITS = "0123456789"


@st.composite
def id_like(draw: st.DrawFn) -> str:
    """Valid IDs, and IDs with a character, the length, the date or the check character damaged."""
    born = draw(st.dates(min_value=dt.date(1870, 1, 1), max_value=dt.date(2025, 12, 31)))
    first17 = draw(st.text(DIGITS, min_size=6, max_size=6)) + born.strftime("%Y%m%d") + "123"
    text = first17 + idnumber.check_character(first17)
    damage = draw(st.sampled_from(["none", "char", "check", "month", "day", "length", "lower"]))
    position = draw(st.integers(0, 17))
    if damage == "char":
        text = text[:position] + draw(st.sampled_from("0123456789XA-１")) + text[position + 1 :]
    elif damage == "check":
        text = text[:17] + draw(st.sampled_from("0123456789X"))
    elif damage == "month":
        text = text[:10] + draw(st.sampled_from(["00", "13", "02"])) + text[12:]
    elif damage == "day":
        text = text[:12] + draw(st.sampled_from(["00", "29", "30", "31"])) + text[14:]
    elif damage == "length":
        text = text[:position]
    elif damage == "lower":
        text = text.lower()
    return text


def _parse_code(text: str) -> str | None:
    try:
        idnumber.parse(text)
    except idnumber.IdNumberError as error:
        return error.code
    return None


@settings(max_examples=80, deadline=None)
@given(st.lists(id_like(), min_size=1, max_size=30))
def test_the_column_rule_is_the_single_number_rule(numbers: list[str]) -> None:
    # valid_matrix is a fast path: over any column it must say what fupin.idnumber.parse says.
    found = ids.check_ids(pa.array(numbers))
    for row, text in enumerate(numbers):
        code = _parse_code(text) if text else ids.LENGTH
        assert bool(found.valid[row]) == (code is None), text
        if code is not None and text:
            assert found.reasons[row] == code, text


def test_reasons_of_hand_made_ids() -> None:
    good = idnumber.make("530102", dt.date(1980, 5, 1), 3, "M")
    first17 = "53010219800230001"
    texts = [good, good[:17] + "0", first17 + idnumber.check_character(first17), good[:10],
             "53010219800501A00X", f" {good}", good.lower()]  # fmt: skip
    found = ids.check_ids(pa.array(texts))
    assert found.valid.tolist() == [True, False, False, False, False, False, True]
    assert found.reasons == {1: "check", 2: "birth_date", 3: "length", 4: "characters", 5: "spaces"}
    assert found.sex[0].as_py() == "M" and found.birth_date[0].as_py() == "1980-05-01"


def test_sex_and_birth_date_against_the_id() -> None:
    good = idnumber.make("530102", dt.date(1980, 5, 1), 3, "M")
    found = ids.check_ids(pa.array([good] * 5 + ["bad"]))
    sex = pa.array(["M", "F", "M", "X", None, "F"])
    birth = pa.array(["1980-05-01", "1980-05-01", "1980-05-02", "1980-02-30", "1980/05/01", "x"])
    agreement = ids.identity_reasons(found, sex, birth)
    assert agreement[ids.SEX_DISAGREES].tolist() == [False, True, False, False, False, False]
    assert agreement[ids.BIRTH_DATE_DISAGREES].tolist() == [False, False, True, False, False, False]
    assert agreement[ids.BIRTH_DATE_NOT_REAL].tolist() == [False, False, False, True, False, False]
    assert agreement[ids.BIRTH_DATE_FORMAT].tolist() == [False, False, False, False, True, True]


@pytest.mark.parametrize(
    ("text", "unsigned", "signed"),
    [
        ("1234.50", None, None),
        ("0", None, None),
        ("999999999999.99", None, None),
        ("-5", "negative", None),
        ("-1.005", "negative", "precision"),
        ("1.005", "precision", "precision"),
        ("1000000000000", "too_large", "too_large"),
        ("1,000", "not_amount", "not_amount"),
        ("abc", "not_amount", "not_amount"),
    ],
)
def test_an_amount_is_judged_by_one_rule(text: str, unsigned: str | None, signed: str | None):
    assert amounts.amount_reason(text) == unsigned
    assert amounts.amount_reason(text, signed=True) == signed


def test_the_previous_years_figure_is_the_only_signed_amount() -> None:
    assert amounts.is_signed("previous_per_capita_net_income")
    assert not amounts.is_signed("wage_local")


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**15), 10**15), st.integers(0, 3), st.booleans())
def test_text_decimal_and_float_amounts_agree(unscaled: int, scale: int, signed: bool) -> None:
    value = Decimal(unscaled).scaleb(-scale)
    # A typed decimal's zeros beyond the fen are no precision (1.500 is 1.50); typed text's are.
    written = re.sub(r"(\.[0-9]{2})0+$", r"\1", format(value, "f"))
    text = amounts.amount_reason(written, signed)
    as_decimal = amounts.amount_reasons(pa.array([value], pa.decimal128(38, scale)), signed)
    assert [r for r in amounts.REASONS if as_decimal[r][0]] == ([text] if text else [])
    if abs(value) < 10**9 and scale <= 2:  # a double holds these exactly to the fen
        assert amounts.amount_reason(float(value), signed) == text


@given(st.lists(st.one_of(st.none(), st.sampled_from(["yes", "no", " ", "", "Yes", "maybe"]))))
def test_a_coded_value_is_missing_unknown_or_known(values: list[str | None]) -> None:
    found = codes.code_reasons(pa.array(values, pa.string()), codes.YES_NO)
    expected_missing = [v is None or not v.strip() for v in values]
    expected_unknown = [v is not None and bool(v.strip()) and v not in codes.YES_NO for v in values]
    assert found[codes.MISSING].tolist() == expected_missing
    assert found[codes.UNKNOWN_CODE].tolist() == expected_unknown
    bad = codes.code_is_bad(pa.array(values, pa.string()), codes.YES_NO)
    assert bad.tolist() == [m or u for m, u in zip(expected_missing, expected_unknown, strict=True)]


def test_no_code_is_blank() -> None:
    # code_is_bad relies on it (blank text is then simply none of the codes).
    for table in (codes.HOUSEHOLD_CODES, codes.MEMBER_CODES):
        assert all(code.strip() for allowed in table.values() for code in allowed)


def test_heads_per_household() -> None:
    group = np.array([0, 0, 1, 1, 1, 2, -1])  # household 3 has no members; the last none
    head = np.array([True, False, True, False, True, False, True])
    assert structure.head_counts(group, head, 4).tolist() == [1, 2, 0, 0]
    assert structure.wrong_heads(group, head, 4).tolist() == [False, True, True, True]
    extra, first = structure.second_heads(group, head)
    assert extra.tolist() == [False, False, False, False, True, False, False]
    assert first[4] == 2


def test_an_id_number_repeated_in_the_input() -> None:
    repeat, first = structure.repeated_ids(pa.array(["11X", "22", "11x", None, None, "22"]))
    assert repeat.tolist() == [False, False, True, False, False, True]
    assert (first[2], first[5]) == (0, 1)
