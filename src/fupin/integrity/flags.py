"""Integrity flags over a county's payments, columnar (Arrow), each with its evidence.

The inputs are three tables (column: type):

- ``payments``: payment (int64, the ledger's seq), item (string: what was paid, e.g. "产业补贴
  2026"), measure (string), household (string, null when the account names nobody in the
  registry), person (string, the recipient's ID number, or null), account_no (string or null),
  amount_fen (int64), village (string);
- ``households``: household, village, ever_poor (bool: identified at some time), owns_vehicle,
  owns_commercial_housing, state_payroll (bool: a member on the state payroll);
- ``members``: person, household, alive (bool), away_months (int64: away this year), age (int64).

Every threshold is a parameter (``Params``), so a province's own values apply.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

FLAG_CODES = (
    "UNKNOWN_RECIPIENT", "NOT_ELIGIBLE", "EXCLUSION_ASSETS", "DOUBLE_PAYMENT", "SPLIT_HOUSEHOLD",
    "DEAD_OR_AWAY", "JUST_UNDER_THRESHOLD", "ROUND_AMOUNT", "IDLE_PROJECT", "ELITE_CAPTURE",
)  # fmt: skip
FLAG_SCHEMA = pa.schema([("flag", pa.string()), ("payment", pa.int64()), ("household", pa.string()),
                         ("village", pa.string()), ("amount_fen", pa.int64()),
                         ("evidence", pa.string()), ("heuristic", pa.bool_())])  # fmt: skip


@dataclass(frozen=True)
class Params:
    """The policy's values the flags use."""

    poor_measures: tuple[str, ...] = ("poor_subsidy", "industry_subsidy", "education_subsidy")
    payroll_measures: tuple[str, ...] = ("public_welfare_wage", "ecological_wage")
    loan_measures: tuple[str, ...] = ("microcredit",)
    loan_ages: tuple[int, int] = (18, 65)
    loan_cap_fen: int = 5_000_000  # 50,000 yuan nationally
    approval_threshold_fen: int = 5_000_000  # payments from here on need the county's approval
    near_margin: float = 0.05  # "just under": within 5 % below the threshold
    round_unit_fen: int = 100_000  # 1,000 yuan
    round_min_fen: int = 1_000_000  # round amounts from 10,000 yuan on
    away_months: int = 12
    idle_months: int = 6


def _flags(flag: str, rows: pa.Table, evidence: list[str], heuristic: bool = False) -> pa.Table:
    n = rows.num_rows
    return pa.table({
        "flag": pa.array([flag] * n, pa.string()), "payment": rows["payment"],
        "household": rows["household"], "village": rows["village"],
        "amount_fen": rows["amount_fen"], "evidence": pa.array(evidence, pa.string()),
        "heuristic": pa.array([heuristic] * n, pa.bool_()),
    }, schema=FLAG_SCHEMA)  # fmt: skip


def _joined(payments: pa.Table, households: pa.Table, members: pa.Table) -> pa.Table:
    """Each payment with its household's facts and its recipient's (``m_`` columns)."""
    facts = households.drop_columns(["village"])
    facts = facts.append_column("_known", pa.array([True] * facts.num_rows, pa.bool_()))
    people = members.rename_columns([f"m_{c}" for c in members.column_names])
    joined = payments.join(facts, "household", join_type="left outer")
    joined = joined.join(people, "person", "m_person", join_type="left outer")
    return joined.sort_by("payment")


def _column(rows: pa.Table, name: str) -> list:  # type: ignore[type-arg]
    return rows[name].to_pylist()


def _measure_in(j: pa.Table, measures: tuple[str, ...]) -> pa.Array:
    return pc.is_in(j["measure"], pa.array(measures, pa.string()))


def _unknown(j: pa.Table) -> pa.Table:
    no_household = pc.is_null(j["_known"])
    stranger = pc.and_(pc.is_valid(j["person"]), pc.is_null(j["m_household"]))
    elsewhere = pc.fill_null(pc.not_equal(j["m_household"], j["household"]), False)
    rows = j.filter(pc.or_(pc.or_(no_household, stranger), elsewhere))
    evidence = [
        "no such household in the registry" if known is None
        else f"{person} is not a member of a registered household" if theirs is None
        else f"{person} is a member of {theirs}, not of {paid}"
        for known, person, theirs, paid in zip(_column(rows, "_known"), _column(rows, "person"),
                                               _column(rows, "m_household"),
                                               _column(rows, "household"), strict=True)
    ]  # fmt: skip
    return _flags("UNKNOWN_RECIPIENT", rows, evidence)


def _never_poor(j: pa.Table, p: Params) -> pa.Table:
    registered = pc.is_valid(j["_known"])
    never = pc.equal(j["ever_poor"], False)  # unknown (null) is not "never"
    never = pc.fill_null(never, False)
    rows = j.filter(pc.and_(_measure_in(j, p.poor_measures), pc.and_(registered, never)))
    evidence = [f"{m} paid to a household never identified poor" for m in _column(rows, "measure")]
    return _flags("NOT_ELIGIBLE", rows, evidence)


def _loan_problem(age: int | None, fen: int, p: Params) -> str | None:
    low, high = p.loan_ages
    if age is None:
        return "loan to a borrower whose age is not recorded"
    if not low <= age <= high:
        return f"loan to a borrower aged {age} (policy {low}–{high})"
    if fen > p.loan_cap_fen:
        return f"loan of {fen} fen above the cap of {p.loan_cap_fen}"
    return None


def _loans(j: pa.Table, p: Params) -> pa.Table:
    loans = j.filter(_measure_in(j, p.loan_measures))
    problems = [_loan_problem(age, fen, p) for age, fen in
                zip(_column(loans, "m_age"), _column(loans, "amount_fen"), strict=True)]  # fmt: skip
    rows = loans.filter(pa.array([why is not None for why in problems], pa.bool_()))
    return _flags("NOT_ELIGIBLE", rows, [why for why in problems if why is not None])


ASSETS = {"owns_vehicle": "vehicle", "owns_commercial_housing": "commercial housing",
          "state_payroll": "state payroll"}  # fmt: skip


def _assets(j: pa.Table) -> pa.Table:
    held = [pc.fill_null(j[column], False) for column in ASSETS]
    rows = j.filter(pc.or_(pc.or_(held[0], held[1]), held[2]))
    kinds = zip(*(_column(rows, column) for column in ASSETS), strict=True)
    evidence = ["the household has: " + ", ".join(name for name, has in zip(ASSETS.values(), row,
                                                                            strict=True) if has)
                for row in kinds]  # fmt: skip
    return _flags("EXCLUSION_ASSETS", rows, evidence)


def _recipients(j: pa.Table, p: Params) -> list[pa.Table]:
    return [_unknown(j), _never_poor(j, p), _loans(j, p), _assets(j)]


def _repeated(j: pa.Table, key: str) -> pa.Table:
    """Payments whose (item, key) occurs more than once (nulls never match)."""
    valid = j.filter(pc.and_(pc.is_valid(j[key]), pc.is_valid(j["item"])))
    counts = valid.group_by(["item", key]).aggregate(
        [("payment", "count"), ("household", "count_distinct")]
    )
    twice = counts.filter(pc.greater(counts["payment_count"], 1))
    return valid.join(twice, ["item", key], join_type="inner").sort_by("payment")


def _doubles(j: pa.Table) -> list[pa.Table]:
    """The same person or account paid twice for one item: in one household a double payment,
    across households a split household."""
    found = []
    for key, what in (("person", "person"), ("account_no", "bank account")):
        rows = _repeated(j, key)
        split = pc.greater(rows["household_count_distinct"], 1)
        for flag, chosen in (("DOUBLE_PAYMENT", pc.invert(split)), ("SPLIT_HOUSEHOLD", split)):
            part = rows.filter(chosen)
            times = _column(
                part, "payment_count" if flag == "DOUBLE_PAYMENT" else "household_count_distinct"
            )
            unit = "times" if flag == "DOUBLE_PAYMENT" else "households"
            evidence = [f"{what} {value} paid for {item}: {n} {unit}" for value, item, n in
                        zip(_column(part, key), _column(part, "item"), times, strict=True)]  # fmt: skip
            found.append(_flags(flag, part, evidence))
    return found


def _payroll(j: pa.Table, p: Params) -> pa.Table:
    wages = j.filter(_measure_in(j, p.payroll_measures))
    dead = pc.invert(pc.fill_null(wages["m_alive"], True))
    away = pc.greater_equal(pc.fill_null(wages["m_away_months"], 0), p.away_months)
    rows = wages.filter(pc.or_(dead, away))
    evidence = [
        f"the member is recorded dead: {person}" if alive is False
        else f"away {months} months this year: {person}"
        for alive, months, person in zip(_column(rows, "m_alive"), _column(rows, "m_away_months"),
                                         _column(rows, "person"), strict=True)
    ]  # fmt: skip
    return _flags("DEAD_OR_AWAY", rows, evidence)


def _amounts(j: pa.Table, p: Params) -> list[pa.Table]:
    fen = j["amount_fen"]
    floor = int(p.approval_threshold_fen * (1 - p.near_margin))
    near = pc.and_(pc.greater_equal(fen, floor), pc.less(fen, p.approval_threshold_fen))
    rows = j.filter(near)
    evidence = [f"{a} fen, just under the approval threshold of {p.approval_threshold_fen}"
                for a in _column(rows, "amount_fen")]  # fmt: skip
    found = [_flags("JUST_UNDER_THRESHOLD", rows, evidence)]
    whole_units = pc.equal(pc.subtract(fen, pc.multiply(pc.divide(fen, p.round_unit_fen),
                                                        p.round_unit_fen)), 0)  # fmt: skip
    rows = j.filter(pc.and_(pc.greater_equal(fen, p.round_min_fen), whole_units))
    evidence = [f"a round {a // 100} yuan" for a in _column(rows, "amount_fen")]
    found.append(_flags("ROUND_AMOUNT", rows, evidence, heuristic=True))
    return found


def flag_payments(payments: pa.Table, households: pa.Table, members: pa.Table,
                  params: Params | None = None) -> pa.Table:  # fmt: skip
    """Every payment flag of a county: one row per (flag, payment), with its evidence."""
    p = params or Params()
    j = _joined(payments, households, members)
    parts = [*_recipients(j, p), *_doubles(j), _payroll(j, p), *_amounts(j, p)]
    return _one_per_flag(pa.concat_tables(parts))


def _one_per_flag(flags: pa.Table) -> pa.Table:
    """One row per (flag, payment): a payment caught twice (by person and by account) once,
    its evidence joined, so totals count its amount once."""
    merged: dict[tuple[str, int], dict] = {}  # type: ignore[type-arg]
    for row in flags.to_pylist():
        key = (row["flag"], row["payment"])
        if key in merged:
            if row["evidence"] not in merged[key]["evidence"]:
                merged[key]["evidence"] += "; " + row["evidence"]
            merged[key]["heuristic"] = merged[key]["heuristic"] and row["heuristic"]
        else:
            merged[key] = row
    rows = sorted(merged.values(), key=lambda r: (r["payment"], r["flag"]))
    return pa.Table.from_pylist(rows, schema=FLAG_SCHEMA)


def idle_projects(projects: pa.Table, today_months: int, params: Params | None = None) -> pa.Table:
    """Projects with nothing spent ``idle_months`` after they started. ``projects``: project
    (int64), village, budget_fen, spent_fen (int64), started_month (int64, months since year 0)."""
    p = params or Params()
    months = pc.subtract(pa.scalar(today_months, pa.int64()), projects["started_month"])
    idle = pc.and_(pc.equal(projects["spent_fen"], 0), pc.greater_equal(months, p.idle_months))
    rows = projects.filter(idle).append_column("_months", months.filter(idle))
    n = rows.num_rows
    evidence = [f"project {pid}: nothing spent {m} months after it started"
                for pid, m in zip(_column(rows, "project"), _column(rows, "_months"), strict=True)]  # fmt: skip
    columns = {"payment": pa.nulls(n, pa.int64()), "household": pa.nulls(n, pa.string()),
               "village": rows["village"], "amount_fen": rows["budget_fen"]}  # fmt: skip
    return _flags("IDLE_PROJECT", pa.table(columns), evidence)
