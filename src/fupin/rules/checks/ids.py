"""Resident ID numbers checked a whole column at a time, and sex and birth date against them.

The rule for one number is ``fupin.idnumber.parse`` (GB 11643: 18 characters, 17 digits and a
digit or X, a real and plausible birth date, the ISO 7064 MOD 11-2 check character).
``valid_matrix`` is the same rule over an (n, 18) byte matrix, for columns of millions without a
Python call per row (a property test holds the two equal); the reason an ID is invalid is the code
``parse`` gives it. IDs are compared upper-cased (a lower-case x is accepted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin import idnumber
from fupin.rules.checks.arrays import (
    date_number,
    is_missing,
    is_null,
    iso_date_parts,
    matches,
    not_in,
    today_number,
    valid_dates,
)
from fupin.rules.checks.codes import SEXES

LENGTH, CHARACTERS, BIRTH_DATE, CHECK = "length", "characters", "birth_date", "check"
SPACES = "spaces"  # valid once the spaces around it are removed: a cell must hold the ID alone
SEX_DISAGREES = "sex_disagrees"
BIRTH_DATE_FORMAT = "birth_date_format"  # not written YYYY-MM-DD
BIRTH_DATE_NOT_REAL = "birth_date_not_real"  # YYYY-MM-DD, but no such day
BIRTH_DATE_DISAGREES = "birth_date_disagrees"
ID_LENGTH = 18
SEX_POSITION = 16  # the 17th character: odd for a man, even for a woman
BIRTH_POSITIONS = (6, 14)  # YYYYMMDD
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ZERO = ord("0")
_CHECK_BYTES = np.frombuffer(idnumber.CHECK_CHARS.encode("ascii"), dtype=np.uint8)


@dataclass(frozen=True)
class IdFindings:
    """Which IDs are valid, why the others are not, and what the valid ones encode."""

    valid: np.ndarray  # bool per row (empty cells are not valid)
    reasons: dict[int, str]  # row index → reason code, for non-empty invalid IDs
    birth_date: pa.Array  # YYYY-MM-DD from the ID (meaningful where valid)
    sex: pa.Array  # 'M' / 'F' from the ID (meaningful where valid)


def check_ids(values: pa.Array, today: dt.date | None = None) -> IdFindings:
    """Validates every ID number of a column; only invalid rows cost a Python call."""
    ids = pc.utf8_upper(values)
    shaped = matches(ids, r"^[0-9]{17}[0-9X]$")
    valid = np.zeros(len(ids), dtype=bool)
    where = np.flatnonzero(shaped)
    if len(where):
        valid[where] = valid_matrix(_matrix(pc.take(ids, pa.array(where))), today)
    bad_rows = np.flatnonzero(~valid & ~is_missing(ids))
    bad_texts = pc.take(ids, pa.array(bad_rows, pa.int64())).to_pylist()
    reasons = {int(row): reason(text, today) for row, text in zip(bad_rows, bad_texts, strict=True)}
    return IdFindings(valid, reasons, encoded_birth_dates(ids), encoded_sexes(ids))


def reason(text: str, today: dt.date | None = None) -> str:
    """Why one ID number is invalid: the code of ``fupin.idnumber.parse`` (or SPACES)."""
    try:
        idnumber.parse(text, today=today)
    except idnumber.IdNumberError as error:
        return error.code
    return SPACES  # parse strips the spaces a column rule does not


def _matrix(ids: pa.Array) -> np.ndarray:
    """The (n, 18) bytes of IDs that all have 18 ASCII characters."""
    n = len(ids)
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + n + 1]
    data = np.frombuffer(ids.buffers()[2], dtype=np.uint8)
    return data[offsets[0] : offsets[0] + ID_LENGTH * n].reshape(n, ID_LENGTH)


def valid_matrix(matrix: np.ndarray, today: dt.date | None = None) -> np.ndarray:
    """GB 11643 validity of (n, 18) ID numbers: digits, a real plausible birth date, check character."""
    n = len(matrix)
    digits = digit_rows(matrix, 17)
    shaped = np.full(n, digits.max(initial=0) <= 9)  # one maximum settles the usual case
    if not shaped.all():
        shaped = np.asarray((digits <= 9).all(axis=0), dtype=bool)
    totals = np.zeros(n, dtype=np.int32)
    for k, weight in enumerate(idnumber.WEIGHTS):
        totals += digits[k] * np.int32(weight)
    last = matrix[:, 17]
    shaped &= ((last >= ZERO) & (last <= ZERO + 9)) | (last == ord("X"))
    d = digits[6:14].astype(np.int32)  # YYYYMMDD
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month, day = d[4] * 10 + d[5], d[6] * 10 + d[7]
    born = date_number(year, month, day)
    earliest = today_number(idnumber.EARLIEST_BIRTH)
    plausible = (born >= earliest) & (born <= today_number(today))
    checks_ok = _CHECK_BYTES[np.where(shaped, totals % 11, 0)] == last
    return shaped & valid_dates(year, month, day) & plausible & checks_ok


def digit_rows(matrix: np.ndarray, width: int) -> np.ndarray:
    """The first ``width`` characters as digit values, one contiguous row per character.

    A non-digit wraps above 9 (uint8). Transposed because a column of the row-major matrix
    strides through memory: every later pass over a character reads contiguous bytes.
    """
    rows = matrix[:, :width].T.copy()  # always a copy (ascontiguousarray may return the input)
    rows -= np.uint8(ZERO)
    return rows


def encoded_birth_dates(ids: pa.Array) -> pa.Array:
    """YYYY-MM-DD of the birth date inside each (upper-cased) ID number."""
    start = BIRTH_POSITIONS[0]
    parts = [
        pc.utf8_slice_codeunits(ids, start + a, start + b) for a, b in ((0, 4), (4, 6), (6, 8))
    ]
    return pc.binary_join_element_wise(*parts, "-")


def encoded_sexes(ids: pa.Array) -> pa.Array:
    """'M' where the ID's 17th character is odd, else 'F'."""
    digit = pc.utf8_slice_codeunits(ids, SEX_POSITION, SEX_POSITION + 1)
    odd = pc.is_in(digit, value_set=pa.array(["1", "3", "5", "7", "9"]))
    return pc.if_else(odd, "M", "F")


def identity_reasons(
    found: IdFindings, sex: pa.Array, birth_date: pa.Array
) -> dict[str, np.ndarray]:
    """Sex and birth date against valid IDs, and birth dates that are not dates, per row.

    A sex that is not a known code is an unknown code (``codes``), not a disagreement; an empty
    birth date is a missing value.
    """
    sex = _text(sex)
    birth = _text(birth_date)
    sex_known = ~is_null(sex) & ~not_in(sex, SEXES)
    shaped = matches(birth, ISO_DATE)
    real = shaped & valid_dates(*iso_date_parts(birth))
    return {
        SEX_DISAGREES: found.valid & sex_known & ~_equal(sex, found.sex),
        BIRTH_DATE_FORMAT: ~is_missing(birth) & ~shaped,
        BIRTH_DATE_NOT_REAL: shaped & ~real,
        BIRTH_DATE_DISAGREES: found.valid & real & ~_equal(birth, found.birth_date),
    }


def _text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as plain text: dates as YYYY-MM-DD."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return array if pa.types.is_string(array.type) else pc.cast(array, pa.string())


def _equal(left: pa.Array, right: pa.Array) -> np.ndarray:
    same = pc.fill_null(pc.equal(left, right), False)
    return np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
