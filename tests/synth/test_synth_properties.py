"""Property tests of the generator's building blocks: ID numbers, money columns, calibration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import idnumber
from fupin.synth import arrow, calibrate
from fupin.synth.ids import make_many

people = st.lists(
    st.tuples(st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)), st.booleans()),
    min_size=1,
    max_size=60,
)


@given(people)
def test_id_numbers_are_valid_distinct_and_encode_birth_and_sex(rows) -> None:
    births = np.array([d.isoformat() for d, _ in rows], dtype="datetime64[D]")
    female = np.array([f for _, f in rows])
    numbers = make_many("619901", births, female)
    assert len(set(numbers.tolist())) == len(rows)
    for number, (birth, is_female) in zip(numbers.tolist(), rows, strict=True):
        parsed = idnumber.parse(number)
        assert parsed.birth_date == birth and parsed.sex == ("F" if is_female else "M")


def test_many_people_born_on_one_day_still_get_distinct_ids() -> None:
    births = np.full(900, np.datetime64("1980-05-01"))
    female = np.arange(900) % 2 == 0
    numbers = make_many("619901", births, female).tolist()
    assert len(set(numbers)) == 900 and all(idnumber.is_valid(n) for n in numbers)


@given(st.lists(st.integers(-(10**15), 10**15), min_size=1, max_size=50), st.data())
def test_money_column_is_exact_to_the_fen(fen, data) -> None:
    valid = data.draw(st.lists(st.booleans(), min_size=len(fen), max_size=len(fen)))
    column = arrow.money(np.array(fen, dtype=np.int64), valid=np.array(valid))
    expected = [Decimal(v) / 100 if ok else None for v, ok in zip(fen, valid, strict=True)]
    assert column.to_pylist() == expected


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.floats(0.03, 0.2),
    st.floats(5_000, 12_000),
)
def test_calibration_hits_the_poverty_share_and_mean(seed, poor_share, mean_income) -> None:
    rng = np.random.default_rng(seed)
    size = rng.integers(1, 8, 5_000)
    z = rng.normal(0, 1, size.size)
    relief = np.where(rng.random(size.size) < 0.2, 660.0, 0.0)
    targets = calibrate.Targets(line=2800.0, poor_share=poor_share, mean_income=mean_income)
    market = calibrate.solve(z, relief, size, targets)
    pc = market + relief
    achieved_share = size[pc < 2800.0].sum() / size.sum()
    achieved_mean = (pc * size).sum() / size.sum()
    assert abs(achieved_share - poor_share) <= 8 / size.sum()
    assert abs(achieved_mean - mean_income) <= 0.01 * mean_income
    assert (market > 0).all()


@given(
    st.integers(1, 30).flatmap(
        lambda width: st.lists(st.text("0123456789X-", min_size=width, max_size=width), max_size=40)
    )
)
def test_fixed_ascii_column_round_trips(values) -> None:
    column = arrow.fixed_ascii(np.array(values, dtype="U"))
    assert column.to_pylist() == values
