"""One household through the same vectorised kernel — the web card's entry point."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from fupin.rules import columns as col
from fupin.rules.facts import fact_columns
from fupin.rules.kernel import decide
from fupin.rules.money import FEN_TYPE, fen_to_yuan
from fupin.rules.params import KernelParams
from fupin.rules.reasons import render_reasons

if TYPE_CHECKING:
    from fupin.policy import Policy

AMOUNT_COLUMNS = (
    "income_shortfall_fen", "pc_shortfall_fen", "monitoring_shortfall_fen", "transfers_fen",
    "rigid_spending_fen", "pc_after_rigid_fen", "previous_pc_fen", "drop_threshold_fen",
    "children_out_of_school", "uninsured_members", "able_labour_members",
)  # fmt: skip


@dataclass(frozen=True)
class Decision:
    """The kernel's result for one household, with money as Decimal yuan."""

    household_id: str
    year: int
    size: int
    net_income: Decimal
    per_capita_net_income: Decimal
    poverty_line: Decimal
    monitoring_line: Decimal
    income_poor: bool
    guarantee_gaps: tuple[str, ...]
    flags: tuple[str, ...]
    decision: str
    reason_codes: tuple[str, ...]
    amounts: dict[str, int | None]  # fen (or counts), as in the kernel's columns
    policy_id: str
    policy_version: str
    policy_hash: str
    result: pa.Table | None = field(repr=False, compare=False, default=None)

    @classmethod
    def from_result(cls, result: pa.Table) -> Decision:
        """A Decision from a one-row result table of ``decide``."""
        row = result.to_pylist()[0]
        return cls(
            household_id=row["household_id"],
            year=row["year"],
            size=row["size"],
            net_income=fen_to_yuan(row["net_income_fen"]),
            per_capita_net_income=fen_to_yuan(row["per_capita_net_income_fen"]),
            poverty_line=fen_to_yuan(row["poverty_line_fen"]),
            monitoring_line=fen_to_yuan(row["monitoring_line_fen"]),
            income_poor=row["income_poor"],
            guarantee_gaps=_codes(row["guarantee_gaps"]),
            flags=_codes(row["flags"]),
            decision=row["decision"],
            reason_codes=_codes(row["reason_codes"]),
            amounts={name: row[name] for name in AMOUNT_COLUMNS},
            policy_id=row["policy_id"],
            policy_version=row["policy_version"],
            policy_hash=row["policy_hash"],
            result=result,
        )

    def reasons(self, lang: str | None = None) -> str:
        """The readable reasons in ``lang`` (default: the active language)."""
        if self.result is None:
            raise ValueError("this Decision was not made from a kernel result")
        return render_reasons(self.result, lang)[0]


def decide_one(
    household: dict[str, Any], members: list[dict[str, Any]], policy: Policy | KernelParams
) -> Decision:
    """Decides one household (roster column names as keys; money as Decimal, int or text)."""
    households, member_table = one_household_tables(household, members)
    return Decision.from_result(decide(households, member_table, policy))


def one_household_tables(
    household: dict[str, Any], members: list[dict[str, Any]]
) -> tuple[pa.Table, pa.Table]:
    """Arrow tables of the kernel's input format for one household and its members."""
    hid = str(household.get("household_id") or "household")
    data: dict[str, pa.Array] = {
        "household_id": pa.array([hid]),
        "year": pa.array([int(household["year"])], pa.int32()),
    }
    for name in col.HOUSEHOLD_ENUMS:
        data[name] = pa.array([household[name]], pa.string())
    for name in col.MONEY_COLUMNS:
        data[name] = pa.array([_money(household.get(name)) or Decimal(0)], FEN_TYPE)
    data[col.PREVIOUS_INCOME_COLUMN] = pa.array(
        [_money(household.get(col.PREVIOUS_INCOME_COLUMN))], FEN_TYPE
    )
    data.update(fact_columns([household], col.HOUSEHOLDS_SHEET))
    member_data = {
        name: pa.array([_text(m.get(name)) for m in members], pa.string())
        for name in col.MEMBER_COLUMNS
        if name != "household_id"
    }
    member_data["household_id"] = pa.array([hid] * len(members), pa.string())
    member_data.update(fact_columns(members, col.MEMBERS_SHEET))
    return pa.table(data), pa.table(member_data)


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("money must be Decimal, int or text, not float")
    return Decimal(str(value))


def _text(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()
