"""Features of a household-year for the risk model, built from the rules kernel's outputs.

Money features are per person and divided by the year's poverty line, so one model serves every
year (lines rise) and every county. Missing values (no previous-year figure, no income to share)
are NaN, which LightGBM handles natively.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import columns as col
from fupin.rules import decide
from fupin.rules.kernel import birth_years, member_groups
from fupin.rules.money import to_fen
from fupin.rules.params import KernelParams, kernel_params

if TYPE_CHECKING:
    from fupin.policy import Policy

COMPONENTS = (
    "wage_local", "property_income", "transfer_relief", "transfer_development",
    "medical_out_of_pocket", "disaster_loss", "inkind_consumption",
)  # fmt: skip
MEMBER_COUNTS = (
    "children", "elderly", "working_age", "able_labour", "skilled", "chronic", "serious",
    "disabled", "students", "uninsured",
)  # fmt: skip
STATUS_FEATURES = ("status_poor", "status_exited")
FEATURE_NAMES: tuple[str, ...] = (
    ("pc_income_to_line", "pc_after_rigid_to_line", "previous_pc_to_line", "income_change")
    + tuple(f"{name}_to_line" for name in COMPONENTS)
    + ("migrant_net_to_line", "operating_net_to_line")
    + ("wage_share", "migrant_share", "operating_share", "transfer_share", "rigid_to_income")
    + ("size", "dependency_ratio", "able_share")
    + MEMBER_COUNTS
    + ("income_poor",)
    + tuple(f"flag_{name.lower()}" for name in col.FLAGS)
    + tuple(f"gap_{name.lower()}" for name in col.GUARANTEE_GAPS)
    + STATUS_FEATURES
    + ("housing_grade",)
)


def household_features(
    households: pa.Table, members: pa.Table, policy: Policy | KernelParams
) -> tuple[pa.Table, np.ndarray]:
    """The kernel's results and the feature matrix (rows in household order, FEATURE_NAMES)."""
    params = policy if isinstance(policy, KernelParams) else kernel_params(policy)
    results = decide(households, members, params)
    columns = {
        **_income_features(households, results),
        **_member_features(households, members, results),
        **_rule_features(results),
    }
    matrix = np.column_stack([columns[name] for name in FEATURE_NAMES]).astype(np.float64)
    return results, matrix


def _fen(table: pa.Table, name: str) -> np.ndarray:
    return to_fen(table[name]).astype(np.float64)


def _income_features(households: pa.Table, results: pa.Table) -> dict[str, np.ndarray]:
    size = np.maximum(results["size"].to_numpy().astype(np.float64), 1.0)
    line = results["poverty_line_fen"].to_numpy().astype(np.float64)
    per_line = size * line  # a household total divided by this is "per person, in lines"
    net = results["net_income_fen"].to_numpy().astype(np.float64)
    # Nulls (no previous figure) become NaN.
    previous = np.asarray(results["previous_pc_fen"].to_numpy(zero_copy_only=False), dtype=float)
    pc_now = results["per_capita_net_income_fen"].to_numpy().astype(np.float64)
    migrant_net = _fen(households, "wage_migrant") - _fen(households, "migrant_living_cost")
    operating_net = _fen(households, "operating_income") - _fen(households, "operating_cost")
    transfers = results["transfers_fen"].to_numpy().astype(np.float64)
    rigid = results["rigid_spending_fen"].to_numpy().astype(np.float64)
    positive = np.where(net > 0, net, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(previous > 0, pc_now / previous - 1.0, np.nan)
    features = {
        "pc_income_to_line": pc_now / line,
        "pc_after_rigid_to_line": results["pc_after_rigid_fen"].to_numpy() / line,
        "previous_pc_to_line": previous / line,
        "income_change": change,
        "migrant_net_to_line": migrant_net / per_line,
        "operating_net_to_line": operating_net / per_line,
        "wage_share": _fen(households, "wage_local") / positive,
        "migrant_share": migrant_net / positive,
        "operating_share": operating_net / positive,
        "transfer_share": transfers / positive,
        "rigid_to_income": rigid / positive,
    }
    for name in COMPONENTS:
        features[f"{name}_to_line"] = _fen(households, name) / per_line
    return features


def _member_features(
    households: pa.Table, members: pa.Table, results: pa.Table
) -> dict[str, np.ndarray]:
    n = households.num_rows
    group = member_groups(households, members)
    known = group >= 0
    year = results["year"].to_numpy().astype(np.int64)
    age = np.where(known, year[np.maximum(group, 0)] - birth_years(members["birth_date"]), -1)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(group[known & mask], minlength=n).astype(np.float64)

    def equals(name: str, values: tuple[str, ...]) -> np.ndarray:
        found = pc.is_in(members[name], value_set=pa.array(values))
        return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)

    counts = {
        "children": count(age < 16),
        "elderly": count(age >= 60),
        "working_age": count((age >= 16) & (age < 60)),
        "able_labour": count(equals("labour_ability", col.ABLE_LABOUR)),
        "skilled": count(equals("labour_ability", ("skilled",))),
        "chronic": count(equals("health", ("chronic",))),
        "serious": count(equals("health", ("serious",))),
        "disabled": count(equals("health", ("disabled",))),
        "students": count(equals("in_school", ("yes",))),
        "uninsured": count(equals("medical_insurance", ("no",))),
    }
    size = np.maximum(results["size"].to_numpy().astype(np.float64), 1.0)
    counts["size"] = size
    counts["dependency_ratio"] = (counts["children"] + counts["elderly"]) / np.maximum(
        counts["working_age"], 1.0
    )
    counts["able_share"] = counts["able_labour"] / size
    return counts


def _rule_features(results: pa.Table) -> dict[str, np.ndarray]:
    features = {"income_poor": results["income_poor"].to_numpy(zero_copy_only=False).astype(float)}
    # Codes are ';'-joined names; pad with ';' to match a whole name, never a part of another.
    padded = pc.binary_join_element_wise(";", results["reason_codes"], ";", "")
    for name in col.FLAGS + col.GUARANTEE_GAPS:
        prefix = "flag_" if name in col.FLAGS else "gap_"
        found = pc.match_substring(padded, f";{name};")
        features[prefix + name.lower()] = found.to_numpy(zero_copy_only=False).astype(float)
    status = results["registered_status"]
    features["status_poor"] = pc.equal(status, "poor").to_numpy(zero_copy_only=False).astype(float)
    features["status_exited"] = (
        pc.equal(status, "exited").to_numpy(zero_copy_only=False).astype(float)
    )
    grade = pc.index_in(results["housing_grade"], value_set=pa.array(col.HOUSING_GRADES))
    features["housing_grade"] = grade.to_numpy(zero_copy_only=False).astype(float)
    return features
