"""Exact money: fen from Arrow decimals and text, half-up division, text out."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.rules.money import FEN_TYPE, divide_half_up, fen_to_text, ratio, to_fen


def test_decimal_column_to_fen_with_nulls_and_negatives():
    values = pa.array([Decimal("1234.56"), None, Decimal("-0.05"), Decimal("0.10")], FEN_TYPE)
    assert to_fen(values).tolist() == [123456, 0, -5, 10]


def test_sliced_and_chunked_columns():
    values = pa.array([Decimal(i) / 100 for i in range(10)], FEN_TYPE)
    assert to_fen(values.slice(3, 4)).tolist() == [3, 4, 5, 6]
    chunked = pa.chunked_array([values.slice(0, 2), values.slice(8, 2)])
    assert to_fen(chunked).tolist() == [0, 1, 8, 9]


def test_text_and_other_scales_convert_exactly():
    assert to_fen(pa.array(["0.1", "99999999999.99", "7"])).tolist() == [10, 9_999_999_999_999, 700]
    assert to_fen(pa.array([Decimal("2.5")], pa.decimal128(10, 1))).tolist() == [250]


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_fen(pa.array([0.1]))


def test_fen_to_text():
    assert fen_to_text(np.array([0, 5, -5, 123456, -100])).to_pylist() == [
        "0.00", "0.05", "-0.05", "1234.56", "-1.00",
    ]  # fmt: skip


@given(st.integers(-(10**12), 10**12), st.integers(1, 40))
def test_divide_half_up_matches_decimal(numerator, denominator):
    expected = (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), ROUND_HALF_UP)
    got = divide_half_up(np.array([numerator]), np.array([denominator]))[0]
    assert got == int(expected)


def test_ratio_is_exact():
    assert ratio(Decimal("0.7")) == (7, 10)
    assert ratio(Decimal("0.5")) == (1, 2)
