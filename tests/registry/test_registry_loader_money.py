"""Money columns reach the registry as the exact decimals the table holds, missing cells as 0."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from fupin.registry.services.loader.build import _money

yuan = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2)


@given(st.lists(st.one_of(st.none(), yuan), max_size=40))
def test_a_decimal_column_gives_its_values_and_zero_for_missing_cells(values):
    table = pa.table({"wage": pa.array(values, type=pa.decimal128(12, 2))})
    got = _money(table, "wage")
    expected = [Decimal("0.00") if v is None else v for v in values]
    assert got == expected
    # same exponent as the column (two places), so stored text is alike either way
    assert all(g.as_tuple().exponent == -2 for g in got)


def test_a_missing_column_is_all_zero_and_a_non_decimal_column_is_read_as_it_stands():
    table = pa.table({"other": [1, 2]})
    assert _money(table, "wage") == [Decimal(0), Decimal(0)]
    floats = pa.table({"wage": pa.array([1.5, None])})
    assert _money(floats, "wage") == [1.5, Decimal(0)]
