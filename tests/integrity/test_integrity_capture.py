"""Elite capture on a synthetic county where capture was planted in known villages: the engine
ranks those villages first."""

from __future__ import annotations

import random

import pyarrow as pa

from fupin.integrity import capture_ranking

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]


def _county(captured: set[str], villages: int = 30, seed: int = 7):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    households, payments = [], []
    for v in range(villages):
        code = f"V{v:02d}"
        for h in range(40):
            number = f"{code}-{h:02d}"
            cadre = h < 2
            relative = h == 2
            poor = 10 <= h < 22
            income = rng.randint(300_000, 600_000) if poor else rng.randint(800_000, 3_000_000)
            surname = SURNAMES[0] if h in (0, 3) else rng.choice(SURNAMES[1:])
            households.append({"household": number, "village": code, "size": rng.randint(2, 5),
                               "cadre": cadre, "cadre_relative": relative, "poor": poor,
                               "head_surname": surname, "group_no": 1, "per_capita_fen": income})  # fmt: skip
            if poor:
                payments.append({"household": number, "amount_fen": rng.randint(150_000, 250_000)})
            elif (cadre or relative or h == 3) and code in captured:
                payments.append({"household": number, "amount_fen": rng.randint(600_000, 900_000)})
            elif rng.random() < 0.1:
                payments.append({"household": number, "amount_fen": rng.randint(20_000, 60_000)})
    return pa.Table.from_pylist(households), pa.Table.from_pylist(payments)


def test_the_planted_villages_come_first():
    captured = {"V04", "V17", "V23"}
    ranking = capture_ranking(*_county(captured)).to_pylist()
    assert {r["village"] for r in ranking[:3]} == captured
    assert all(r["gap_fen"] > 0 for r in ranking[:3])
    assert all(r["gap_fen"] < 0 for r in ranking[3:])  # elsewhere the poor get more per head
    assert [r["rank"] for r in ranking] == list(range(1, 31))


def test_a_shared_surname_in_the_cadres_group_is_counted_and_marked_a_heuristic():
    ranking = {r["village"]: r for r in capture_ranking(*_county({"V04"})).to_pylist()}
    assert ranking["V04"]["heuristic_households"] >= 1  # household 03 shares the cadre's surname


def test_no_capture_means_no_positive_gap():
    ranking = capture_ranking(*_county(set())).to_pylist()
    assert max(r["gap_fen"] for r in ranking) < 0
