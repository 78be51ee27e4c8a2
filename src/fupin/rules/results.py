"""RESULTS.csv: the kernel's result as the roster command's table, reasons rendered."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from fupin.rules.money import fen_to_text
from fupin.rules.reasons import reasons_array

RESULT_COLUMNS = (
    "household_id", "size", "net_income", "per_capita_net_income", "poverty_line",
    "monitoring_line", "income_poor", "guarantee_gaps", "flags", "decision", "reasons",
)  # fmt: skip
# After the published columns: the policy that decided, so a result can be re-derived later.
STAMP_COLUMNS = ("policy_id", "policy_version", "policy_hash")
MONEY = {
    "net_income": "net_income_fen",
    "per_capita_net_income": "per_capita_net_income_fen",
    "poverty_line": "poverty_line_fen",
    "monitoring_line": "monitoring_line_fen",
}


def results_table(results: pa.Table, lang: str | None = None) -> pa.Table:
    """The RESULTS.csv columns (all text) from a kernel result."""
    data: dict[str, pa.Array] = {
        "household_id": results["household_id"].combine_chunks(),
        "size": pc.cast(results["size"], pa.string()).combine_chunks(),
    }
    for name, source in MONEY.items():
        data[name] = fen_to_text(results[source].to_numpy())
    poor = results["income_poor"].combine_chunks()
    data["income_poor"] = pc.if_else(poor, "True", "False")
    for name in ("guarantee_gaps", "flags", "decision"):
        data[name] = results[name].combine_chunks()
    data["reasons"] = reasons_array(results, lang)
    for name in STAMP_COLUMNS:
        data[name] = results[name].combine_chunks()
    return pa.table(data)


def write_results_csv(table: pa.Table, path: Path) -> None:
    """Writes RESULTS.csv (UTF-8 with BOM so Excel shows Chinese reasons; every field text)."""
    with path.open("wb") as handle:
        handle.write("\ufeff".encode())
        pacsv.write_csv(table, handle, pacsv.WriteOptions(quoting_style="needed"))
