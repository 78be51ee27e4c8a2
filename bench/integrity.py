"""Times the integrity batch on a county-sized year: 1,000,000 payments, 130,000 households,
500,000 members, 631 villages (synthetic, with a few of each irregularity planted).

Usage: ``.venv/bin/python bench/integrity.py [--payments 1000000]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pyarrow as pa

from fupin.integrity import capture_ranking, flag_payments

HOUSEHOLDS, MEMBERS, VILLAGES = 130_000, 500_000, 631
MEASURES = np.array(["industry_subsidy", "public_welfare_wage", "microcredit", "housing", "bonus"])


def _county(rng: np.random.Generator) -> tuple[pa.Table, pa.Table]:
    ids = np.array([f"H{i:06d}" for i in range(HOUSEHOLDS)])
    villages = np.array([f"V{v:03d}" for v in rng.integers(0, VILLAGES, HOUSEHOLDS)])
    households = pa.table({
        "household": ids, "village": villages, "ever_poor": rng.random(HOUSEHOLDS) < 0.3,
        "owns_vehicle": rng.random(HOUSEHOLDS) < 0.001, "owns_commercial_housing": np.zeros(HOUSEHOLDS, bool),
        "state_payroll": np.zeros(HOUSEHOLDS, bool), "size": rng.integers(1, 7, HOUSEHOLDS),
        "cadre": rng.random(HOUSEHOLDS) < 0.01, "cadre_relative": rng.random(HOUSEHOLDS) < 0.01,
        "poor": rng.random(HOUSEHOLDS) < 0.1, "head_surname": rng.choice(list("王李张刘陈杨赵黄周吴"), HOUSEHOLDS),
        "group_no": rng.integers(1, 9, HOUSEHOLDS), "per_capita_fen": rng.integers(300_000, 3_000_000, HOUSEHOLDS),
    })  # fmt: skip
    owners = rng.integers(0, HOUSEHOLDS, MEMBERS)
    members = pa.table({
        "person": np.array([f"P{i:07d}" for i in range(MEMBERS)]), "household": ids[owners],
        "alive": rng.random(MEMBERS) > 0.001, "away_months": rng.integers(0, 13, MEMBERS) * (rng.random(MEMBERS) < 0.05),
        "age": rng.integers(0, 90, MEMBERS),
    })  # fmt: skip
    return households, members


def _payments(rng: np.random.Generator, n: int, members: pa.Table) -> pa.Table:
    chosen = rng.integers(0, members.num_rows, n)
    person = members["person"].to_numpy(zero_copy_only=False)[chosen]
    household = members["household"].to_numpy(zero_copy_only=False)[chosen]
    return pa.table({
        "payment": np.arange(1, n + 1), "item": np.array([f"item-{m}" for m in rng.integers(0, 24, n)]),
        "measure": MEASURES[rng.integers(0, len(MEASURES), n)], "household": household, "person": person,
        "account_no": np.array([f"6222{c:09d}" for c in chosen]),
        "amount_fen": rng.integers(10_000, 6_000_000, n), "village": np.array(["V000"] * n),
    })  # fmt: skip


def main() -> None:
    """Generates the county and prints how long each part of the batch takes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    households, members = _county(rng)
    payments = _payments(rng, args.payments, members)
    started = time.perf_counter()
    flags = flag_payments(payments, households, members)
    middle = time.perf_counter()
    ranking = capture_ranking(households, payments)
    done = time.perf_counter()
    counts = dict(
        zip(
            *np.unique(flags["flag"].to_numpy(zero_copy_only=False), return_counts=True),
            strict=True,
        )
    )
    print(f"{args.payments:,} payments: flags {middle - started:.1f} s ({flags.num_rows:,} flags: {counts}); "
          f"elite capture over {ranking.num_rows} villages {done - middle:.1f} s; total {done - started:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
