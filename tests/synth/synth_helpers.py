"""Helpers of the synth tests that do their own arithmetic, independent of fupin.synth."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pyarrow as pa

# The roster's net-income formula, written out again here on purpose.
ADDED = (
    "wage_local",
    "wage_migrant",
    "operating_income",
    "property_income",
    "transfer_relief",
    "transfer_development",
)
SUBTRACTED = ("migrant_living_cost", "operating_cost")


def net_incomes(households: pa.Table) -> list[Decimal]:
    """Net income per household with Python decimals; in-kind consumption is left out."""
    columns = {name: households.column(name).to_pylist() for name in ADDED + SUBTRACTED}
    totals = []
    for row in range(households.num_rows):
        total = sum((columns[name][row] for name in ADDED), Decimal(0))
        total -= sum((columns[name][row] for name in SUBTRACTED), Decimal(0))
        totals.append(total)
    return totals


def sizes(households: pa.Table, members: pa.Table) -> list[int]:
    """Members per household, in household order."""
    counts = Counter(members.column("household_id").to_pylist())
    return [counts[h] for h in households.column("household_id").to_pylist()]
