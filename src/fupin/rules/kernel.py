"""The rules kernel: households and members (Arrow) in, one decided row per household out.

Pure and vectorised: no I/O, no Python work per household. Members are tied to their household by
a group code (the household's row in the batch) and aggregated with ``np.bincount``, so any
partition that holds whole households — a village, a county, a Spark partition — gives the same
per-household results. Money is integer fen; every comparison with a line is made on household
totals (``pc < line`` ⇔ ``net < line × size``), so no rounding or float ever decides a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col
from fupin.rules.decision_table import STATUSES, decide_codes
from fupin.rules.money import divide_half_up, to_fen
from fupin.rules.params import KernelParams, kernel_params

if TYPE_CHECKING:
    from fupin.policy import Policy

ArrowData: TypeAlias = pa.Table | pa.RecordBatch
REASON_CODES = ("INCOME_POOR",) + col.GUARANTEE_GAPS + col.FLAGS


def decide(
    households: ArrowData,
    members: ArrowData,
    policy: Policy | KernelParams,
    group: np.ndarray | None = None,
) -> pa.Table:
    """Decides every household of a batch; members must all belong to households of the batch.

    ``group``: ``member_groups(households, members)`` when the caller has it already (the batch
    engine's screen finds it), so the hash join is not done twice.
    """
    params = policy if isinstance(policy, KernelParams) else kernel_params(policy)
    if group is None:
        group = member_groups(households, members)
    year = _ints(households.column("year"))
    counts = member_counts(members, group, year, households.num_rows, params)
    accounts = income_accounts(households, counts["size"], year, params)
    gaps = guarantee_gaps(households, counts, params)
    flags = monitoring_flags(accounts, counts, params)
    status = status_index(households.column("registered_status"))
    any_gap = np.logical_or.reduce(list(gaps.values()))
    any_flag = np.logical_or.reduce(list(flags.values()))
    decision = decide_codes(status, accounts["income_poor"], any_gap, any_flag)
    return _result_table(households, year, accounts, counts, gaps, flags, decision, params)


def member_groups(households: ArrowData, members: ArrowData) -> np.ndarray:
    """For each member, the row of its household in ``households`` (−1 when not in the batch)."""
    found = pc.index_in(
        members.column("household_id"), value_set=_array(households, "household_id")
    )
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def member_counts(
    members: ArrowData, group: np.ndarray, year: np.ndarray, n: int, params: KernelParams
) -> dict[str, np.ndarray]:
    """Per-household member counts: size, school-age children out of school, uninsured, able to work."""
    known = group >= 0
    g = group[known]

    def count(mask: np.ndarray | None = None) -> np.ndarray:
        chosen = g if mask is None else g[mask[known]]
        return np.bincount(chosen, minlength=n).astype(np.int64)

    # Age in completed years on 31 December of the income year is simply the difference of years.
    age = np.full(len(group), -1, dtype=np.int64)
    age[known] = year[g] - birth_years(members.column("birth_date"))[known]
    school_age = (age >= params.school_age_min) & (age <= params.school_age_max)
    return {
        "size": count(),
        "children_out_of_school": count(school_age & _is(members, "in_school", "no")),
        "uninsured_members": count(_is(members, "medical_insurance", "no")),
        "able_labour_members": count(_is_in(members, "labour_ability", col.ABLE_LABOUR)),
    }


def income_accounts(
    households: ArrowData, size: np.ndarray, year: np.ndarray, params: KernelParams
) -> dict[str, np.ndarray]:
    """Net income, per capita, lines and the household-total comparisons, all in int64 fen."""
    net = net_income_fen({name: to_fen(households.column(name)) for name, _s in col.INCOME_TERMS})
    transfers = sum(to_fen(households.column(name)) for name in col.TRANSFER_COLUMNS)
    rigid = sum(to_fen(households.column(name)) for name in col.RIGID_SPENDING_COLUMNS)
    line, monitoring_line = params.lines(year)
    previous, has_previous = _previous_income(households)
    drop_num, drop_den = params.drop_ratio
    per_capita = divide_half_up(net, size)
    return {
        "net": net,
        "size": size,
        "per_capita": per_capita,
        "line": line,
        "monitoring_line": monitoring_line,
        "income_poor": below_line(net, size, line),
        "transfers": np.asarray(transfers, dtype=np.int64),
        "rigid": np.asarray(rigid, dtype=np.int64),
        "pc_after_rigid": divide_half_up(net - rigid, size),
        "previous": previous,
        "has_previous": has_previous,
        "drop_threshold": divide_half_up(previous * drop_num, np.full_like(previous, drop_den)),
    }


def net_income_fen(amounts: Mapping[str, np.ndarray]) -> np.ndarray:
    """Net income in fen by the roster formula: the INCOME_TERMS added or deducted (in-kind
    consumption and rigid spending are recorded but never counted). ``amounts``: fen columns."""
    net = np.zeros(len(next(iter(amounts.values()))), dtype=np.int64)
    for name, sign in col.INCOME_TERMS:
        net += sign * np.asarray(amounts[name], dtype=np.int64)
    return net


def below_line(net: np.ndarray, size: np.ndarray, line_fen: np.ndarray | int) -> np.ndarray:
    """Per-capita net income below a line, compared on household totals (no rounding decides)."""
    return np.asarray(net) < np.asarray(line_fen) * np.asarray(size)


def guarantee_gaps(
    households: ArrowData, counts: dict[str, np.ndarray], params: KernelParams
) -> dict[str, np.ndarray]:
    """The 'two no-worries, three guarantees' and safe water checks, in the published order."""
    gaps = {
        "FOOD": _is(households, "food_secure", "no"),
        "CLOTHING": _is(households, "clothing_secure", "no"),
        "EDUCATION": counts["children_out_of_school"] > 0,
        "MEDICAL": counts["uninsured_members"] > 0,
        "HOUSING": _is_in(households, "housing_grade", params.dilapidated_grades),
        "WATER": _is(households, "safe_water", "no"),
    }
    enabled = set(params.enabled_gaps)
    enabled -= set() if params.require_medical_insurance else {"MEDICAL"}
    enabled -= set() if params.require_safe_water else {"WATER"}
    # A check the policy leaves out never counts as a gap.
    return {name: mask & (name in enabled) for name, mask in gaps.items()}


def monitoring_flags(
    accounts: dict[str, np.ndarray], counts: dict[str, np.ndarray], params: KernelParams
) -> dict[str, np.ndarray]:
    """The monitoring flags, in the published order, compared on household totals."""
    net, size = accounts["net"], accounts["size"]
    line_total = accounts["line"] * size
    monitoring_total = accounts["monitoring_line"] * size
    share_num, share_den = params.transfer_share
    drop_num, drop_den = params.drop_ratio
    previous = accounts["previous"]
    return {
        "NEAR_LINE": (net >= line_total) & (net < monitoring_total),
        "TRANSFER_DEPENDENT": (net > 0) & (accounts["transfers"] * share_den > share_num * net),
        "RIGID_SPENDING": (accounts["rigid"] > 0) & (net - accounts["rigid"] < monitoring_total),
        "INCOME_DROP": accounts["has_previous"]
        & (previous > 0)
        & (net * drop_den < drop_num * previous * size),
        "NO_LABOUR": counts["able_labour_members"] == 0,
    }


def status_index(status: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Index into STATUSES of each registered_status; raises ValueError naming unknown values."""
    found = pc.index_in(status, value_set=pa.array(STATUSES))
    if found.null_count:
        unknown = pc.unique(pc.filter(status, pc.is_null(found))).to_pylist()
        raise ValueError(f"unknown registered_status values: {unknown}")
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)


def birth_years(birth_date: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Birth year of each member from a YYYY-MM-DD text or an Arrow date column."""
    if pa.types.is_string(birth_date.type) or pa.types.is_large_string(birth_date.type):
        birth_date = pc.cast(pc.utf8_slice_codeunits(birth_date, 0, 4), pa.int64())
    elif not pa.types.is_integer(birth_date.type):
        birth_date = pc.year(birth_date)
    return _ints(birth_date)


def join_codes(masks: dict[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
    """The ';'-joined names of the true masks, in the order of ``names``, for each row."""
    bits = np.zeros(len(next(iter(masks.values()))), dtype=np.int64)
    for position, name in enumerate(names):
        bits |= masks[name].astype(np.int64) << position
    return _code_strings(names)[bits]


@lru_cache(maxsize=8)
def _code_strings(names: tuple[str, ...]) -> np.ndarray:
    # Every subset of names as a string, indexed by its bit pattern (at most 2**12 entries).
    return np.asarray(
        [
            ";".join(n for i, n in enumerate(names) if bits >> i & 1)
            for bits in range(1 << len(names))
        ],
        dtype=object,
    )


def _result_table(households, year, accounts, counts, gaps, flags, decision, params) -> pa.Table:
    n = households.num_rows
    all_codes = {"INCOME_POOR": accounts["income_poor"], **gaps, **flags}
    has_previous = accounts["has_previous"]
    stamp = params.stamp
    return pa.table(
        {
            "household_id": _array(households, "household_id"),
            "year": pa.array(year, pa.int32()),
            "registered_status": _array(households, "registered_status"),
            "size": pa.array(accounts["size"], pa.int32()),
            "net_income_fen": accounts["net"],
            "per_capita_net_income_fen": accounts["per_capita"],
            "poverty_line_fen": accounts["line"],
            "monitoring_line_fen": accounts["monitoring_line"],
            "income_poor": accounts["income_poor"],
            "guarantee_gaps": pa.array(join_codes(gaps, col.GUARANTEE_GAPS), pa.string()),
            "flags": pa.array(join_codes(flags, col.FLAGS), pa.string()),
            "decision": pa.array(decision, pa.string()),
            "reason_codes": pa.array(join_codes(all_codes, REASON_CODES), pa.string()),
            "income_shortfall_fen": accounts["line"] * accounts["size"] - accounts["net"],
            "pc_shortfall_fen": accounts["line"] - accounts["per_capita"],
            "monitoring_shortfall_fen": accounts["monitoring_line"] - accounts["per_capita"],
            "transfers_fen": accounts["transfers"],
            "rigid_spending_fen": accounts["rigid"],
            "pc_after_rigid_fen": accounts["pc_after_rigid"],
            "previous_pc_fen": pa.array(accounts["previous"], mask=~has_previous),
            "drop_threshold_fen": pa.array(accounts["drop_threshold"], mask=~has_previous),
            "children_out_of_school": pa.array(counts["children_out_of_school"], pa.int32()),
            "uninsured_members": pa.array(counts["uninsured_members"], pa.int32()),
            "able_labour_members": pa.array(counts["able_labour_members"], pa.int32()),
            "housing_grade": _array(households, "housing_grade"),
            "policy_id": pa.repeat(stamp.get("policy_id", ""), n),
            "policy_version": pa.repeat(stamp.get("policy_version", ""), n),
            "policy_hash": pa.repeat(stamp.get("policy_hash", ""), n),
        }
    )


def _previous_income(households: ArrowData) -> tuple[np.ndarray, np.ndarray]:
    if col.PREVIOUS_INCOME_COLUMN not in households.schema.names:
        n = households.num_rows
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    values = households.column(col.PREVIOUS_INCOME_COLUMN)
    given = pc.is_valid(values).to_numpy(zero_copy_only=False)
    return to_fen(values), np.asarray(given, dtype=bool)


def _array(data: ArrowData, name: str) -> pa.Array:
    column = data.column(name)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _ints(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    filled = pc.fill_null(pc.cast(values, pa.int64()), 0)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.int64)


def _is(data: ArrowData, name: str, value: str) -> np.ndarray:
    mask = pc.fill_null(pc.equal(data.column(name), value), False)
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)


def _is_in(data: ArrowData, name: str, values: tuple[str, ...]) -> np.ndarray:
    mask = pc.is_in(data.column(name), value_set=pa.array(values, pa.string()))
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), dtype=bool)
