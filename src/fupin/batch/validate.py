"""The roster validator run on the screened rows of a partition, problems mapped to their files."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.batch.idrepeats import duplicate_message, place_key, repeat_problems
from fupin.batch.normalise import as_text, string_column
from fupin.batch.screen import Screen
from fupin.rules import columns as col
from fupin.rules.roster import RawRoster, validate_roster
from fupin.rules.roster.reader import ROW

if TYPE_CHECKING:
    from pathlib import Path

    from fupin.rules.in_force import PolicyChoice

FILE = "_file"  # index of the source file in the dataset's file list
M_SHEET = col.MEMBERS_SHEET
ERROR_FIELDS = ("sheet", "file", "row", "household_id", "column", "value", "message")
ERROR_SCHEMA = pa.schema(
    [
        ("sheet", pa.string()),
        ("file", pa.string()),
        ("row", pa.int64()),
        ("household_id", pa.string()),
        ("column", pa.string()),
        ("value", pa.string()),
        ("message", pa.string()),
    ]
)


def validate_screened(
    raw_households: pa.Table,
    raw_members: pa.Table,
    typed_households: pa.Table,
    result: Screen,
    policy: PolicyChoice,
    files: tuple[list[str], list[str]],
    repeats: pa.Table | None = None,
) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """(problems, valid household rows, valid member rows) for one partition.

    ``raw_*`` are the partition's rows as read (with ``_file`` and ``_row``); the validator sees
    the marked households with all their members, every marked member and its household.
    """
    ids = typed_households["household_id"].combine_chunks()
    owners = string_column(raw_members["household_id"])
    chosen = pc.unique(
        pa.concat_arrays(
            [
                pc.filter(ids, pa.array(result.households)),
                pc.filter(owners, pa.array(result.members)),
            ]
        )
    ).drop_null()
    pick_h = pc.or_(pc.fill_null(pc.is_in(ids, value_set=chosen), False), pc.is_null(ids))
    pick_m = pc.or_(pc.fill_null(pc.is_in(owners, value_set=chosen), False), pc.is_null(owners))
    sub_h = raw_households.filter(pick_h)
    sub_m = raw_members.filter(pick_m)
    problems = _problems(sub_h, sub_m, policy, files)
    if repeats is not None:
        problems = _dataset_repeats(problems, sub_m, repeats, files[1])
    invalid = pc.unique(problems["household_id"]).drop_null()
    valid_h = _numpy(pc.and_(pc.is_valid(ids), pc.invert(pc.is_in(ids, value_set=invalid))))
    known = result.group >= 0
    valid_m = np.zeros(len(result.group), dtype=bool)
    valid_m[known] = valid_h[result.group[known]]
    return problems, valid_h, valid_m


def _problems(
    households: pa.Table,
    members: pa.Table,
    policy: PolicyChoice,
    files: tuple[list[str], list[str]],
) -> pa.Table:
    text_h = as_text(households, col.HOUSEHOLD_COLUMNS + (ROW,))
    text_m = as_text(members, col.MEMBER_COLUMNS + (ROW,))
    # The validator reads _row as a number; as_text made it text, so restore it.
    text_h = text_h.set_column(text_h.schema.get_field_index(ROW), ROW, households[ROW])
    text_m = text_m.set_column(text_m.schema.get_field_index(ROW), ROW, members[ROW])
    found = validate_roster(RawRoster(text_h, text_m, _nowhere()), policy).problems
    where = {
        col.HOUSEHOLDS_SHEET: _locator(households, files[0]),
        col.MEMBERS_SHEET: _locator(members, files[1]),
    }
    rows = []
    for p in found:
        file = where.get(p.sheet, {}).get((p.row, p.household_id)) or where.get(p.sheet, {}).get(
            (p.row, None), ""
        )
        rows.append((p.sheet, file, p.row, p.household_id, p.column, p.value, p.message))
    return pa.Table.from_pylist(
        [dict(zip(ERROR_FIELDS, r, strict=True)) for r in rows], ERROR_SCHEMA
    )


def _dataset_repeats(
    problems: pa.Table, members: pa.Table, repeats: pa.Table, names: list[str]
) -> pa.Table:
    """The validator's repeated-ID problems replaced by the dataset-wide ones (``idrepeats``).

    Within a partition the validator names the partition's first holder, which depends on how the
    dataset was split; the dataset-wide pass names the first holder in the whole dataset, so every
    engine and layout reports the same rows with the same words.
    """
    marker = "\x00"  # the message around its row number, whatever the language
    prefix, suffix = duplicate_message(marker).split(marker, 1)
    pattern = "^" + re.escape(prefix) + "[0-9]+" + re.escape(suffix) + "$"
    duplicate = pc.and_(
        pc.and_(pc.equal(problems["sheet"], M_SHEET), pc.equal(problems["column"], "id_number")),
        pc.match_substring_regex(problems["message"], pattern),
    )
    index = {name: i for i, name in enumerate(names)}
    files = np.array([index.get(f, -1) for f in problems["file"].to_pylist()], dtype=np.int64)
    known = place_key(repeats[FILE].to_numpy(), repeats[ROW].to_numpy())
    listed = np.isin(place_key(files, problems["row"].to_numpy()), known)
    drop = _numpy(duplicate) & listed
    kept = problems.filter(pa.array(~drop))
    return pa.concat_tables([kept, repeat_problems(members, repeats, names).cast(ERROR_SCHEMA)])


def _locator(table: pa.Table, names: list[str]) -> dict[tuple[int, str | None], str]:
    # (row, household_id) → file; (row, None) as a fallback when a problem names no household.
    rows = table[ROW].to_pylist()
    owners = table["household_id"].cast(pa.string()).to_pylist()
    files = table[FILE].to_pylist()
    found: dict[tuple[int, str | None], str] = {}
    for row, owner, file in zip(rows, owners, files, strict=True):
        found.setdefault((row, owner), names[file])
        found.setdefault((row, None), names[file])
    return found


def _nowhere() -> Path:
    from pathlib import Path

    return Path(".")


def _numpy(mask: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)


def empty_problems() -> pa.Table:
    """A problems table with no rows."""
    return ERROR_SCHEMA.empty_table()
