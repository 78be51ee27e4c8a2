"""The household results of a batch: the RESULTS.csv columns with codes and amounts, as Parquet.

Like `fupin identify`'s RESULTS.csv, but sentences are replaced by what they are made of: the
reason codes (``INCOME_POOR;HOUSING;NEAR_LINE``) and the amounts a sentence would quote. Money is
``decimal128(18, 2)`` yuan; the region and year travel with each row so results can be
aggregated and joined back without the input.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules.money import fen_to_decimal_array

MONEY_RESULTS = {
    "net_income": "net_income_fen",
    "per_capita_net_income": "per_capita_net_income_fen",
    "poverty_line": "poverty_line_fen",
    "monitoring_line": "monitoring_line_fen",
    "income_shortfall": "income_shortfall_fen",
    "per_capita_shortfall": "pc_shortfall_fen",
    "monitoring_shortfall": "monitoring_shortfall_fen",
    "transfers": "transfers_fen",
    "rigid_spending": "rigid_spending_fen",
    "per_capita_after_rigid_spending": "pc_after_rigid_fen",
    "previous_per_capita_net_income": "previous_pc_fen",
    "income_drop_threshold": "drop_threshold_fen",
}
RESULT_FIELDS: tuple[tuple[str, pa.DataType], ...] = (
    ("household_id", pa.string()),
    ("village_code", pa.string()),
    ("year", pa.int32()),
    ("registered_status", pa.string()),
    ("size", pa.int32()),
    ("net_income", pa.decimal128(18, 2)),
    ("per_capita_net_income", pa.decimal128(18, 2)),
    ("poverty_line", pa.decimal128(18, 2)),
    ("monitoring_line", pa.decimal128(18, 2)),
    ("income_poor", pa.bool_()),
    ("guarantee_gaps", pa.string()),
    ("flags", pa.string()),
    ("decision", pa.string()),
    ("reason_codes", pa.string()),
    ("income_shortfall", pa.decimal128(18, 2)),
    ("per_capita_shortfall", pa.decimal128(18, 2)),
    ("monitoring_shortfall", pa.decimal128(18, 2)),
    ("transfers", pa.decimal128(18, 2)),
    ("rigid_spending", pa.decimal128(18, 2)),
    ("per_capita_after_rigid_spending", pa.decimal128(18, 2)),
    ("previous_per_capita_net_income", pa.decimal128(18, 2)),
    ("income_drop_threshold", pa.decimal128(18, 2)),
    ("children_out_of_school", pa.int32()),
    ("uninsured_members", pa.int32()),
    ("able_labour_members", pa.int32()),
    ("housing_grade", pa.string()),
    ("policy_id", pa.string()),
    ("policy_version", pa.string()),
    ("policy_hash", pa.string()),
)
RESULT_SCHEMA = pa.schema(list(RESULT_FIELDS))


def household_results(decided: pa.Table, village_code: pa.Array) -> pa.Table:
    """The output rows from a kernel result (``fupin.rules.decide``) and the households' villages."""
    data: dict[str, pa.Array] = {}
    for name, kind in RESULT_FIELDS:
        if name == "village_code":
            data[name] = village_code
        elif name in MONEY_RESULTS:
            source = decided[MONEY_RESULTS[name]].combine_chunks()
            money = fen_to_decimal_array(source.fill_null(0).to_numpy(zero_copy_only=False))
            data[name] = _mask(money, source) if source.null_count else money
        else:
            data[name] = decided[name].combine_chunks().cast(kind)
    return pa.table(data, schema=RESULT_SCHEMA)


def _mask(money: pa.Array, source: pa.Array) -> pa.Array:
    return pc.if_else(pc.is_valid(source), money, pa.scalar(None, money.type))


def empty_results() -> pa.Table:
    """A results table with no rows."""
    return RESULT_SCHEMA.empty_table()
