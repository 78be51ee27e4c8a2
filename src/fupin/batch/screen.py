"""A fast whole-column screen for rows the roster validator would refuse.

The screen is deliberately a superset of the validator's checks (the same rules of
``fupin.rules.checks``, on typed columns, no Python per row): every household it does not mark is valid; the few it marks — with the
rows that give them context, such as the first holder of a repeated ID number — are then run
through the roster validator itself, so a dataset's problems are described word for word as in
the roster report. A clean partition costs a handful of vectorised passes and no validation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.batch import fixed
from fupin.rules import columns as col
from fupin.rules.checks import arrays as checks
from fupin.rules.checks import codes, ids
from fupin.rules.checks import households as structure


@dataclass(frozen=True)
class Screen:
    """Rows to look at closely, and each member's household row (−1 when not in the partition)."""

    households: np.ndarray  # bool per household row
    members: np.ndarray  # bool per member row
    group: np.ndarray  # int64 per member row

    @property
    def clean(self) -> bool:
        """True when nothing needs the validator."""
        return not (self.households.any() or self.members.any())


def screen(
    households: pa.Table,
    suspect: np.ndarray,
    members: pa.Table,
    covered: np.ndarray,
    repeats_known: bool = False,
) -> Screen:
    """Marks households and members that may be invalid (typed tables from ``normalise``).

    ``covered``: per household, its own policy covers its year.
    ``repeats_known``: the caller marks repeated ID numbers itself (``idrepeats``), so the
    members' IDs are not sorted here a second time.
    """
    keys = households["household_id"].combine_chunks()
    repeated = _repeated(keys)
    bad_h = suspect | checks.is_missing(keys) | repeated
    bad_h |= checks.is_null(households["village_code"].combine_chunks())
    bad_h |= checks.fails_pattern(households["village_code"].combine_chunks(), r"^[0-9]{12}$")
    bad_h |= ~covered
    for name, allowed in col.HOUSEHOLD_ENUMS.items():
        bad_h |= codes.code_is_bad(households[name], allowed)
    owners = members["household_id"].combine_chunks()
    group = _in_order(keys, owners) if not repeated.any() else None
    if group is None:
        found = pc.index_in(owners, value_set=keys)
        group = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    bad_m = _member_cells(members, repeats_known) | (group < 0)
    bad_h |= _structure(group, members, households.num_rows)
    return Screen(bad_h, bad_m, group)


def _in_order(ids: pa.Array, owners: pa.Array) -> np.ndarray | None:
    """Each member's household row when members come household by household, in the order
    of the households (as files are usually written), found without hashing; else None."""
    households, members = fixed.byte_matrix(ids), fixed.byte_matrix(owners)
    if households is None or members is None or households.shape[1] != members.shape[1]:
        return None
    # Each row as one fixed-width byte string: a run boundary is one comparison per member.
    ours, theirs = _fixed_strings(households), _fixed_strings(members)
    starts = np.ones(len(theirs), dtype=bool)
    np.not_equal(theirs[1:], theirs[:-1], out=starts[1:])
    runs = np.flatnonzero(starts)
    if len(runs) != len(ours) or not (theirs[runs] == ours).all():
        return None
    return np.cumsum(starts, dtype=np.int64) - 1


def _fixed_strings(matrix: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(matrix).reshape(-1).view(f"S{matrix.shape[1]}")


def _member_cells(members: pa.Table, repeats_known: bool) -> np.ndarray:
    numbers = members["id_number"].combine_chunks()
    bad = _id_problems(members, numbers, repeats_known)
    bad |= checks.is_missing(members["household_id"].combine_chunks())
    bad |= checks.is_missing(members["name"].combine_chunks())
    for name, allowed in col.MEMBER_ENUMS.items():
        bad |= codes.code_is_bad(members[name], allowed)
    return bad


def _id_problems(members: pa.Table, numbers: pa.Array, repeats_known: bool) -> np.ndarray:
    """Invalid (or, unless known, repeated) IDs, and sex or birth date disagreeing with the ID."""
    matrix = fixed.byte_matrix(numbers)
    sex = fixed.byte_matrix(members["sex"])
    birth = fixed.byte_matrix(members["birth_date"])
    if matrix is None or matrix.shape[1] != ids.ID_LENGTH or sex is None or birth is None:
        return _id_problems_general(members, numbers, repeats_known)
    if sex.shape[1] != 1 or birth.shape[1] != 10:
        return _id_problems_general(members, numbers, repeats_known)
    bad = ~ids.valid_matrix(matrix)
    if not repeats_known:
        bad |= fixed.repeated_keys(fixed.digit_key(matrix, 17))
    return bad | ~fixed.sex_matches(matrix, sex) | ~fixed.birth_matches(matrix, birth)


def _id_problems_general(members: pa.Table, numbers: pa.Array, repeats_known: bool) -> np.ndarray:
    found = ids.check_ids(numbers)
    bad = ~found.valid if repeats_known else ~found.valid | _repeated(numbers)
    bad |= ~_equal(members["sex"].combine_chunks(), found.sex)
    return bad | ~_equal(members["birth_date"].combine_chunks(), found.birth_date)


def _structure(group: np.ndarray, members: pa.Table, n: int) -> np.ndarray:
    head = structure.is_head(members["relation"])
    size = np.bincount(group[group >= 0], minlength=n)
    return (size == 0) | structure.wrong_heads(group, head, n)


def _repeated(values: pa.Array) -> np.ndarray:
    """True for every row whose value occurs more than once (a superset of the validator's)."""
    matrix = fixed.byte_matrix(values)
    if matrix is not None and matrix.shape[1] <= 18 and _all_digits(matrix):
        return fixed.repeated_keys(fixed.digit_key(matrix, matrix.shape[1]))
    # A hash count first: a clean column (the usual case) needs no sort.
    if pc.count_distinct(values, mode="only_valid").as_py() == len(values) - values.null_count:
        return np.zeros(len(values), dtype=bool)
    first = checks.first_occurrence(values)
    counts = np.bincount(first[first >= 0], minlength=len(values))
    return (first >= 0) & (counts[np.maximum(first, 0)] > 1)


def _all_digits(matrix: np.ndarray) -> bool:
    return bool(((matrix >= ord("0")) & (matrix <= ord("9"))).all())


def _equal(left: pa.Array, right: pa.Array | pa.Scalar) -> np.ndarray:
    same = pc.fill_null(pc.equal(left, right), False)
    return np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
