"""Aggregates of household results per level — village, township, county, city, province, nation.

Every figure is a sum of integers that can be added in any order (partition by partition, engine
by engine), so both engines produce identical aggregates. The income-poverty measures are the
Foster–Greer–Thorbecke indices of ``fupin.measures`` (headcount, poverty gap, squared gap /
severity) over people, each person at the household's exact per-capita income y = net / size and
the line z; since a group's households may sit in many partitions, they are computed from their
additive numerators, summed exactly, and divided once:

    headcount = Σ size·1(y < z) / N
    gap       = Σ (size·z − net)⁺ / (z·N)
    severity  = Σ round((size·z − net)⁺² / size) / (z²·N)    (rounded to the fen², < 10⁻¹² relative)

Tests check each value against ``fupin.measures.fgt`` on the group's households.

Each row carries the stamp of the policy its households were decided under: partial sums are
kept per (code, year, stamp) and, once summed to a level, a row whose households were decided
under several policies lists their ids (``cn, cn-53``) with an empty version and hash.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.rules import DECISIONS
from fupin.rules.columns import FLAGS, GUARANTEE_GAPS
from fupin.rules.money import divide_half_up, to_fen

LEVELS = ("village", "township", "county", "city", "province", "nation")
KEEP_DIGITS = {"village": 12, "township": 9, "county": 6, "city": 4, "province": 2, "nation": 0}
SEVERITY_TYPE = pa.decimal128(38, 0)
SAFE_SHORTFALL = 3_000_000_000  # fen; its square still fits int64
KEYS = ("code", "year")
STAMP = ("policy_id", "policy_version", "policy_hash")
MIXED = ", "  # joins the distinct policy ids of a row decided under several policies


def count_columns() -> tuple[str, ...]:
    """The additive columns of an aggregate, in output order."""
    names = ["households", "people", "income_poor_households", "income_poor_people"]
    for decision in DECISIONS:
        names += [f"households_{decision}", f"people_{decision}"]
    names += [f"gap_{g.lower()}" for g in GUARANTEE_GAPS]
    names += [f"flag_{f.lower()}" for f in FLAGS]
    return (*names, "shortfall_fen", "severity_fen2")


def village_partials(results: pa.Table) -> pa.Table:
    """Per (village, year): the additive columns over the households of ``results``."""
    size = results["size"].to_numpy().astype(np.int64)
    poor = np.asarray(results["income_poor"].to_numpy(zero_copy_only=False), dtype=bool)
    decision = results["decision"].combine_chunks()
    data: dict[str, pa.Array | np.ndarray] = {
        "code": results["village_code"].combine_chunks(),
        "year": results["year"].combine_chunks(),
        **{key: results[key].combine_chunks() for key in STAMP},
        "line_fen": to_fen(results["poverty_line"]),
        "households": np.ones(len(size), dtype=np.int64),
        "people": size,
        "income_poor_households": poor.astype(np.int64),
        "income_poor_people": size * poor,
    }
    for name, chosen in _has_code(decision, DECISIONS, whole=True).items():
        data[f"households_{name}"] = chosen
        data[f"people_{name}"] = size * chosen
    for kind, codes in (("gap", GUARANTEE_GAPS), ("flag", FLAGS)):
        column = results["guarantee_gaps" if kind == "gap" else "flags"].combine_chunks()
        for code, found in _has_code(column, codes).items():
            data[f"{kind}_{code.lower()}"] = found
    shortfall = np.where(poor, to_fen(results["income_shortfall"]), 0)
    data["shortfall_fen"] = shortfall
    data["severity_fen2"] = _severity(shortfall, size)
    return _sum_by(pa.table(data), [*KEYS, *STAMP])


def _has_code(
    column: pa.Array, codes: tuple[str, ...], whole: bool = False
) -> dict[str, np.ndarray]:
    """0/1 per row: the value is the code (whole) or names it in its ';'-joined list.

    These columns hold few distinct values, so each test runs once per distinct value.
    """
    encoded = pc.dictionary_encode(column)
    values = [v or "" for v in encoded.dictionary.to_pylist()]
    indices = np.asarray(encoded.indices.fill_null(0).to_numpy(zero_copy_only=False), np.int64)
    found = {}
    for code in codes:
        per_value = [(v == code) if whole else (code in v.split(";")) for v in values]
        found[code] = np.asarray(per_value or [False], dtype=np.int64)[indices]
    return found


def _severity(shortfall: np.ndarray, size: np.ndarray) -> pa.Array:
    if not len(shortfall) or int(np.abs(shortfall).max()) < SAFE_SHORTFALL:
        return pc.cast(pa.array(divide_half_up(shortfall * shortfall, size)), SEVERITY_TYPE)
    # Enormous (but valid) amounts: exact Python integers for the few rows that need them.
    values = [
        (int(s) * int(s) * 2 + int(n)) // (2 * int(n)) for s, n in zip(shortfall, size, strict=True)
    ]
    return pa.array(values, SEVERITY_TYPE)


def _sum_by(table: pa.Table, keys: list[str]) -> pa.Table:
    """The additive columns summed per ``keys`` (the lowest poverty line kept)."""
    sums = [(name, "sum") for name in count_columns()]
    grouped = table.group_by(keys).aggregate([*sums, ("line_fen", "min")])
    names = {f"{name}_sum": name for name in count_columns()} | {"line_fen_min": "line_fen"}
    renamed = grouped.rename_columns([names.get(n, n) for n in grouped.column_names])
    return renamed.select([*keys, "line_fen", *count_columns()])


def merge(partials: list[pa.Table]) -> pa.Table:
    """Adds partials with the same (code, year, policy stamp); groups left with no household go."""
    if not partials:
        return empty_partials()
    merged = _sum_by(pa.concat_tables(partials), [*KEYS, *STAMP])
    # A group's households all withdrawn (``negated``) sum to zero in every column.
    return merged.filter(pc.not_equal(merged["households"], 0))


def negated(partials: pa.Table) -> pa.Table:
    """The partials with every count negated: merged with them, they withdraw those households."""
    for name in count_columns():
        index = partials.schema.get_field_index(name)
        partials = partials.set_column(index, name, pc.negate(partials[name]))
    return partials


def empty_partials() -> pa.Table:
    """A partials table with no rows."""
    return village_partials(
        pa.table(
            {
                "village_code": pa.array([], pa.string()),
                "year": pa.array([], pa.int32()),
                **{key: pa.array([], pa.string()) for key in STAMP},
                "size": pa.array([], pa.int32()),
                "income_poor": pa.array([], pa.bool_()),
                "decision": pa.array([], pa.string()),
                "guarantee_gaps": pa.array([], pa.string()),
                "flags": pa.array([], pa.string()),
                "poverty_line": pa.array([], pa.decimal128(18, 2)),
                "income_shortfall": pa.array([], pa.decimal128(18, 2)),
            }
        )
    )


def roll_up(villages: pa.Table) -> dict[str, pa.Table]:
    """The village partials summed to every level (codes padded back to 12 digits), one row
    per (code, year) with its policy stamp."""
    levels = {}
    for level in LEVELS:
        digits = KEEP_DIGITS[level]
        prefix = pc.utf8_slice_codeunits(villages["code"], 0, digits)
        code = pc.binary_join_element_wise(prefix, "0" * (12 - digits), "")
        levels[level] = one_stamp_per_row(merge([villages.set_column(0, "code", code)]))
    return levels


def one_stamp_per_row(merged: pa.Table) -> pa.Table:
    """Rows of the same (code, year) under several policies summed into one; its stamp is the
    policy's where there is one, else the sorted distinct ids joined, version and hash empty."""
    summed = _sum_by(merged, list(KEYS))
    if summed.num_rows == merged.num_rows:  # one policy per row already: the usual case
        return merged.select([*KEYS, "line_fen", *count_columns(), *STAMP])
    stamps = (
        merged.select([*KEYS, *STAMP])
        .group_by(list(KEYS))
        .aggregate([(key, "distinct") for key in STAMP])
    )
    stamp_of = {
        (code, year): _combined(ids, versions, hashes)
        for code, year, ids, versions, hashes in zip(
            *(stamps[name].to_pylist() for name in (*KEYS, *(f"{k}_distinct" for k in STAMP))),
            strict=True,
        )
    }
    keys = list(zip(summed["code"].to_pylist(), summed["year"].to_pylist(), strict=True))
    for position, key in enumerate(STAMP):
        values = pa.array([stamp_of[k][position] for k in keys], pa.string())
        summed = summed.append_column(key, values)
    return summed


def _combined(ids: list[str], versions: list[str], hashes: list[str]) -> tuple[str, str, str]:
    if len(ids) == 1 and len(versions) == 1 and len(hashes) == 1:
        return ids[0], versions[0], hashes[0]
    return MIXED.join(sorted(set(ids))), "", ""


def finalise(level: str, table: pa.Table) -> pa.Table:
    """Adds the level and the FGT measures, policy stamp last; sorted by code and year."""
    table = table.sort_by([("code", "ascending"), ("year", "ascending")])
    people = table["people"].to_numpy().astype(np.float64)
    line = table["line_fen"].to_numpy().astype(np.float64)
    shortfall = table["shortfall_fen"].to_numpy().astype(np.float64)
    severity = pc.cast(table["severity_fen2"], pa.float64()).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        measures = {
            "headcount": table["income_poor_people"].to_numpy() / people,
            "poverty_gap": shortfall / (line * people),
            "severity": severity / (line * line * people),
        }
    out = table.add_column(0, "level", pa.repeat(level, table.num_rows).cast(pa.string()))
    stamp = [out[key] for key in STAMP]
    out = out.drop_columns(list(STAMP))
    for name, values in measures.items():
        out = out.append_column(name, pa.array(np.where(people > 0, values, 0.0)))
    for key, values in zip(STAMP, stamp, strict=True):
        out = out.append_column(key, values)
    return out
