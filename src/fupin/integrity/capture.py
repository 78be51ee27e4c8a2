"""Elite capture, village by village: what the village's elite receive per head against what its
poor receive, villages ranked by the gap.

The elite are the households of village cadres, their recorded relatives, and the top income
decile of the village; a household sharing a cadre's surname in the cadre's village group is
counted too, as a heuristic, and said so. ``households``: household, village, size (int64),
cadre, cadre_relative, poor (bool), head_surname (string), group_no (int64), per_capita_fen
(int64). ``payments``: household, amount_fen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

TOP_DECILE = 90  # percentile of per-capita income from which a household is among the village's top


@dataclass
class _Village:
    elite: set[str] = field(default_factory=set)
    guessed: set[str] = field(default_factory=set)
    poor: set[str] = field(default_factory=set)


def _groups(rows: list[dict]) -> dict[str, list[dict]]:
    by_village: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_village[row["village"]].append(row)
    return by_village


def _classify(members: list[dict]) -> _Village:
    village = _Village()
    known = [r["per_capita_fen"] for r in members if r["per_capita_fen"] is not None]
    incomes = np.array(known, dtype=np.int64)
    top = np.percentile(incomes, TOP_DECILE) if len(incomes) >= 10 else None
    # The heuristic needs both a surname and a group: an unrecorded one matches nobody.
    cadre_marks = {(r["head_surname"], r["group_no"]) for r in members
                   if r["cadre"] and r["head_surname"] and r["group_no"] is not None}  # fmt: skip
    for r in members:
        rich = top is not None and r["per_capita_fen"] is not None and r["per_capita_fen"] >= top
        if r["cadre"] or r["cadre_relative"] or rich:
            village.elite.add(r["household"])
        elif (r["head_surname"], r["group_no"]) in cadre_marks:
            village.guessed.add(r["household"])
        if r["poor"]:
            village.poor.add(r["household"])
    village.poor -= village.elite | village.guessed
    return village


def _per_head(households: set[str], received: dict[str, int], sizes: dict[str, int]) -> int:
    heads = sum(sizes[h] for h in households)
    return round(sum(received.get(h, 0) for h in households) / heads) if heads else 0


def capture_ranking(households: pa.Table, payments: pa.Table) -> pa.Table:
    """Villages ranked by the benefits per head of their elite (with the heuristic's guesses)
    over those of their poor, largest gap first."""
    received: dict[str, int] = defaultdict(int)
    for household, fen in zip(payments["household"].to_pylist(), payments["amount_fen"].to_pylist(),
                              strict=True):  # fmt: skip
        if household is not None:
            received[household] += fen
    rows = households.to_pylist()
    sizes = {r["household"]: max(1, r["size"] or 1) for r in rows}  # an unknown size counts one
    out: list[dict[str, Any]] = []
    for code, members in sorted(_groups(rows).items()):
        village = _classify(members)
        elite = village.elite | village.guessed
        elite_head, poor_head = (_per_head(elite, received, sizes),
                                 _per_head(village.poor, received, sizes))  # fmt: skip
        out.append({"village": code, "elite_households": len(elite), "heuristic_households":
                    len(village.guessed), "elite_per_head_fen": elite_head,
                    "poor_households": len(village.poor), "poor_per_head_fen": poor_head,
                    "gap_fen": elite_head - poor_head})  # fmt: skip
    out.sort(key=lambda r: (-r["gap_fen"], r["village"]))
    for rank, row in enumerate(out, start=1):
        row["rank"] = rank
    return pa.Table.from_pylist(out) if out else pa.table({"village": pa.array([], pa.string())})
