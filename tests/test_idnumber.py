"""Resident ID numbers (GB 11643-1999): parsing, error codes, construction and masking."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin import idnumber
from fupin.idnumber import IdNumberError, ResidentId, check_character, is_valid, make, mask, parse

TODAY = dt.date(2026, 11, 26)

# The two examples printed in GB 11643-1999, and a number whose check character was computed by hand:
# 11010119900307803 → Σ digit × weight = 222, 222 mod 11 = 2 → "X".
KNOWN_VALID = [
    ("11010519491231002X", "110105", dt.date(1949, 12, 31), "F"),
    ("440524188001010014", "440524", dt.date(1880, 1, 1), "M"),
    ("11010119900307803X", "110101", dt.date(1990, 3, 7), "M"),
]


def code_of(number: str) -> str:
    with pytest.raises(IdNumberError) as caught:
        parse(number, today=TODAY)
    return caught.value.code


@pytest.mark.parametrize(("number", "area", "birth", "sex"), KNOWN_VALID)
def test_known_valid_numbers(number: str, area: str, birth: dt.date, sex: str) -> None:
    assert parse(number, today=TODAY) == ResidentId(
        number=number, area=area, birth_date=birth, sex=sex
    )
    assert is_valid(number)


def test_check_character_by_hand() -> None:
    # weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder r maps to "10X98765432"[r]
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"
    assert check_character("00000000000000000") == "1"  # remainder 0
    assert check_character("10000000000000000") == "5"  # 7 mod 11 = 7 → "5"


def test_lower_case_x_and_spaces_are_normalised() -> None:
    assert parse(" 11010519491231002x ", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "length"),
        ("11010519491231002", "length"),
        ("11010519491231002X1", "length"),
        ("1101051949123100XX", "characters"),
        ("11010519491231002Y", "characters"),
        ("A1010519491231002X", "characters"),
        ("１１0105194912310020", "characters"),  # full-width digits
        ("²10105194912310020", "characters"),  # a superscript digit is not a digit here
        ("110105194902300020", "birth_date"),  # 30 February
        ("110105194913010020", "birth_date"),  # month 13
        ("110105187912310020", "birth_date"),  # before 1880
        ("110105202612310020", "birth_date"),  # after "today"
        ("110105194912310021", "check"),
        ("110105194912310029", "check"),
    ],
)
def test_error_codes(number: str, code: str) -> None:
    assert code_of(number) == code
    assert not is_valid(number)


def test_error_messages_say_why() -> None:
    with pytest.raises(IdNumberError, match="expected X"):
        parse("110105194912310021", today=TODAY)
    with pytest.raises(IdNumberError, match="18 characters, has 17"):
        parse("11010519491231002", today=TODAY)


def test_none_is_a_length_error() -> None:
    assert code_of(None) == "length"  # type: ignore[arg-type]


areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=idnumber.EARLIEST_BIRTH, max_value=TODAY)


@given(area=areas, birth=births, sequence=st.integers(0, 99), sex=st.sampled_from(["M", "F"]))
def test_make_round_trips_through_parse(area: str, birth: dt.date, sequence: int, sex: str) -> None:
    number = make(area, birth, sequence, sex)
    parsed = parse(number, today=TODAY)
    assert parsed == ResidentId(number=number, area=area, birth_date=birth, sex=sex)
    assert number[:6] == area and number[6:14] == birth.strftime("%Y%m%d")


@given(area=areas, birth=births, sex=st.sampled_from(["M", "F"]))
def test_sequences_give_distinct_numbers(area: str, birth: dt.date, sex: str) -> None:
    # Sequences 0–99 pick 100 different order codes of one sex (20 prefixes × 5 parity digits).
    numbers = {make(area, birth, sequence, sex) for sequence in range(100)}
    assert len({n[:17] for n in numbers}) == 100


@given(area=areas, birth=births, sequence=st.integers(0, 99), sex=st.sampled_from(["M", "F"]))
def test_sex_parity(area: str, birth: dt.date, sequence: int, sex: str) -> None:
    digit = int(make(area, birth, sequence, sex)[16])
    assert digit % 2 == (1 if sex == "M" else 0)


@given(area=areas, birth=births, order=st.text(alphabet="0123456789", min_size=3, max_size=3))
def test_exactly_one_check_character_is_valid(area: str, birth: dt.date, order: str) -> None:
    first17 = f"{area}{birth:%Y%m%d}{order}"
    valid = [c for c in "0123456789X" if is_valid_on(first17 + c)]
    assert valid == [check_character(first17)]


def is_valid_on(number: str) -> bool:
    try:
        parse(number, today=TODAY)
    except IdNumberError:
        return False
    return True


@given(st.lists(st.text(alphabet="0123456789", min_size=17, max_size=17), min_size=1, max_size=20))
def test_vectorised_check_characters_agree(numbers: list[str]) -> None:
    digits = np.array([[int(c) for c in n] for n in numbers], dtype=np.uint8)
    assert list(idnumber.check_characters_vectorised(digits)) == [
        check_character(n) for n in numbers
    ]


def test_make_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError):
        make("11010", dt.date(1990, 1, 1), 0, "M")
    with pytest.raises(ValueError):
        make("110105", dt.date(1990, 1, 1), 0, "X")
    with pytest.raises(ValueError):
        make("１１0105", dt.date(1990, 1, 1), 0, "M")  # full-width digits


def test_mask_hides_the_birth_date_and_order() -> None:
    assert mask("11010519491231002X") == "1101**********002X"
    assert "19491231" not in mask("11010519491231002X")
    assert len(mask("11010519491231002X")) == 18


def test_mask_hides_a_first_generation_15_digit_number_birth_date() -> None:
    masked = mask("110105491231002")
    assert masked == "1101*******1002" and "491231" not in masked


@pytest.mark.parametrize("text", ["", "1", "12345678", "123456789012"])
def test_mask_hides_short_input_entirely(text: str) -> None:
    assert mask(text) == "*" * len(text)
