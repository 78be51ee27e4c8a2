"""Resident ID numbers checked a whole column at a time; fupin.idnumber explains the failures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin import idnumber
from fupin.i18n import gettext as _
from fupin.rules.roster.checks import date_number, today_number, valid_dates


@dataclass(frozen=True)
class IdCheck:
    """Which IDs are valid, why the others are not, and what the valid ones encode."""

    valid: np.ndarray  # bool per row (empty cells are not valid)
    messages: dict[int, str]  # row index → message, for non-empty invalid IDs
    birth_date: pa.Array  # YYYY-MM-DD from the ID (meaningful where valid)
    sex: pa.Array  # 'M' / 'F' from the ID (meaningful where valid)


def check_ids(values: pa.Array, today: dt.date | None = None) -> IdCheck:
    """Validates every ID number (GB 11643) of a column without a Python call per valid row."""
    ids = pc.utf8_upper(values)
    shaped = np.asarray(
        pc.fill_null(pc.match_substring_regex(ids, r"^[0-9]{17}[0-9X]$"), False).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )
    valid = np.zeros(len(ids), dtype=bool)
    where = np.flatnonzero(shaped)
    if len(where):
        valid[where] = _valid_shaped(pc.take(ids, pa.array(where)), today)
    empty = np.asarray(pc.is_null(ids).to_numpy(zero_copy_only=False), dtype=bool)
    bad_rows = np.flatnonzero(~valid & ~empty)
    bad_texts = pc.take(ids, pa.array(bad_rows, pa.int64())).to_pylist()
    messages = {
        int(row): explain(text, today) for row, text in zip(bad_rows, bad_texts, strict=True)
    }
    return IdCheck(valid, messages, _birth_dates(ids), _sexes(ids))


def _valid_shaped(ids: pa.Array, today: dt.date | None) -> np.ndarray:
    # All texts are 18 ASCII characters, so the data buffer is an (n, 18) byte matrix.
    n = len(ids)
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + n + 1]
    data = np.frombuffer(ids.buffers()[2], dtype=np.uint8)
    chars = data[offsets[0] : offsets[0] + 18 * n].reshape(n, 18)
    digits = chars[:, :17].astype(np.int32) - ord("0")
    year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    born = date_number(year, month, day)
    plausible = (born >= today_number(idnumber.EARLIEST_BIRTH)) & (born <= today_number(today))
    # The MOD 11-2 check of fupin.idnumber as one matrix product, compared as bytes.
    totals = digits @ np.asarray(idnumber.WEIGHTS, dtype=np.int32) % 11
    expected = np.frombuffer(idnumber.CHECK_CHARS.encode("ascii"), dtype=np.uint8)[totals]
    return valid_dates(year, month, day) & plausible & (expected == chars[:, 17])


def explain(text: str, today: dt.date | None = None) -> str:
    """Why an ID number is invalid, in the active language (the check is fupin.idnumber.parse)."""
    try:
        idnumber.parse(text, today=today)
    except idnumber.IdNumberError as error:
        if error.code == "length":
            return _("ID number must have 18 characters, has {count}").format(count=len(text))
        if error.code == "characters":
            return _("ID number must be 17 digits followed by a digit or X")
        if error.code == "birth_date":
            return _("ID number encodes an impossible birth date {digits}").format(
                digits=text[6:14]
            )
        if error.code == "check":
            return _("ID number check character is {found}, expected {expected}").format(
                found=text[17], expected=idnumber.check_character(text[:17])
            )
        return str(error)
    return _("ID number is not valid")


def _birth_dates(ids: pa.Array) -> pa.Array:
    parts = [pc.utf8_slice_codeunits(ids, a, b) for a, b in ((6, 10), (10, 12), (12, 14))]
    return pc.binary_join_element_wise(*parts, "-")


def _sexes(ids: pa.Array) -> pa.Array:
    digit = pc.utf8_slice_codeunits(ids, 16, 17)
    odd = pc.is_in(digit, value_set=pa.array(["1", "3", "5", "7", "9"]))
    return pc.if_else(odd, "M", "F")
