"""Resident ID numbers (GB 11643) for many people at once, unique by construction."""

from __future__ import annotations

import numpy as np

from fupin.idnumber import check_characters_vectorised

# make() semantics: two sequence digits, then an odd (men) or even (women) digit: 500 per sex a day.
PER_DAY_AND_SEX = 500


def _ranks_within_groups(keys: np.ndarray) -> np.ndarray:
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, keys.size]))
    ranks = np.empty(keys.size, dtype=np.int64)
    ranks[order] = np.arange(keys.size) - group_start
    return ranks


def _digits(value: np.ndarray, width: int) -> np.ndarray:
    powers = 10 ** np.arange(width - 1, -1, -1)
    return (value[:, None] // powers) % 10


def make_many(area: str, birth: np.ndarray, female: np.ndarray) -> np.ndarray:
    """Valid, distinct ID numbers for people born on ``birth`` (datetime64[D]) of the given sex."""
    days = birth.astype("datetime64[D]").astype(np.int64)
    rank = _ranks_within_groups(days * 2 + female.astype(np.int64))
    if rank.size and rank.max() >= PER_DAY_AND_SEX:
        raise ValueError("more than 500 people of one sex born on one day in one area")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = birth.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    day = (birth.astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    sequence = rank // 5
    last = (rank % 5) * 2 + np.where(female, 0, 1)
    n = birth.size
    first17 = np.column_stack(
        [
            np.broadcast_to(np.array([int(c) for c in area]), (n, 6)),
            _digits(year, 4),
            _digits(month, 2),
            _digits(day, 2),
            _digits(sequence, 2),
            last[:, None],
        ]
    ).astype(np.uint8)
    check = check_characters_vectorised(first17).astype("S1").view(np.uint8)
    ascii_codes = np.column_stack([first17 + ord("0"), check[:, None]]).astype(np.uint8)
    return np.ascontiguousarray(ascii_codes).view("S18").ravel().astype("U18")
