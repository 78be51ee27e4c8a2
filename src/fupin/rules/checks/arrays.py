"""Whole-column helpers of the checks: each returns a boolean mask of rows (or their indices)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def text(table: pa.Table, name: str) -> pa.Array:
    """A text column as one Arrow array."""
    return table.column(name).combine_chunks()


def is_null(values: pa.Array) -> np.ndarray:
    """True where the cell is empty."""
    return _numpy(pc.is_null(values))


def is_missing(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """True where a required value is missing: an empty cell, or text of spaces only."""
    missing = is_null(values)
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        # utf8_is_space is false for "" (which a reader makes null anyway): test the length too.
        blank = pc.or_(pc.utf8_is_space(values), pc.equal(pc.utf8_length(values), 0))
        missing |= _numpy(pc.fill_null(blank, False))
    return missing


def fails_pattern(values: pa.Array, pattern: str) -> np.ndarray:
    """True where a non-empty cell does not match the regular expression."""
    matched = pc.fill_null(pc.match_substring_regex(values, pattern), True)
    return ~_numpy(matched)


def matches(values: pa.Array, pattern: str) -> np.ndarray:
    """True where a non-empty cell matches the regular expression."""
    return _numpy(pc.fill_null(pc.match_substring_regex(values, pattern), False))


def not_in(values: pa.Array, allowed: tuple[str, ...]) -> np.ndarray:
    """True where a non-empty cell is none of the allowed values."""
    # is_in answers False (not null) for an empty cell; empty cells are reported as required
    # values elsewhere, so they must not also count as unknown values here.
    found = pc.is_in(values, value_set=pa.array(allowed, pa.string()))
    return ~_numpy(pc.fill_null(found, True)) & ~is_null(values)


def first_occurrence(values: pa.Array) -> np.ndarray:
    """For each row, the index of the first row with the same value (−1 for empty cells)."""
    encoded = pc.dictionary_encode(values)
    codes = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
    first = np.full(len(encoded.dictionary) + 1, -1, dtype=np.int64)
    present = np.flatnonzero(codes >= 0)
    unique_codes, first_rows = np.unique(codes[present], return_index=True)
    first[unique_codes] = present[first_rows]
    return np.where(codes >= 0, first[codes], -1)


def repeated(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Rows repeating an earlier row's value, and for each row that earlier row's index."""
    first = first_occurrence(values)
    return (first >= 0) & (first != np.arange(len(first))), first


def valid_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where year-month-day is a real calendar date (Gregorian leap years)."""
    month_ok = (month >= 1) & (month <= 12)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = DAYS_IN_MONTH[np.where(month_ok, month, 0)] + ((month == 2) & leap)
    return month_ok & (year >= 1) & (day >= 1) & (day <= days)


def iso_date_parts(values: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day numbers of YYYY-MM-DD texts (0 where the text is not of that shape)."""
    shaped = matches(values, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    safe = pc.if_else(pa.array(shaped), values, pa.scalar("0000-00-00"))
    parts = [_int_slice(safe, start, stop) for start, stop in ((0, 4), (5, 7), (8, 10))]
    return parts[0], parts[1], parts[2]


def date_number(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """YYYYMMDD as one comparable integer."""
    return year * 10000 + month * 100 + day


def today_number(today: dt.date | None = None) -> int:
    """A date (default today) as YYYYMMDD."""
    day = today or dt.date.today()
    return day.year * 10000 + day.month * 100 + day.day


def _int_slice(values: pa.Array, start: int, stop: int) -> np.ndarray:
    sliced = pc.utf8_slice_codeunits(values, start, stop)
    return np.asarray(pc.cast(sliced, pa.int64()).to_numpy(zero_copy_only=False), np.int64)


def _numpy(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
