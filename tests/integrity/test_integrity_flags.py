"""Each integrity flag on a planted case, next to a clean control that must not be flagged."""

from __future__ import annotations

import pyarrow as pa
import pytest

from fupin.integrity import FLAG_CODES, Params, flag_payments, idle_projects

HOUSEHOLDS = [
    # household, village, ever_poor, vehicle, commercial housing, state payroll
    ("H1", "V1", True, False, False, False),   # the clean control
    ("H2", "V1", False, False, False, False),  # never identified
    ("H3", "V1", True, True, False, False),    # owns a car
    ("H4", "V1", True, False, False, False),   # split from H5
    ("H5", "V1", True, False, False, False),
]  # fmt: skip
MEMBERS = [
    # person, household, alive, away months, age
    ("P1", "H1", True, 0, 40), ("P2", "H2", True, 0, 40), ("P3", "H3", True, 0, 40),
    ("P4", "H4", True, 0, 40), ("P5", "H5", True, 0, 40), ("P6", "H1", False, 0, 70),
    ("P7", "H1", True, 12, 30), ("P8", "H1", True, 0, 70),
]  # fmt: skip
CLEAN = (1, "产业补贴 2026", "industry_subsidy", "H1", "P1", "6222-1", 123_456)
PLANTED = {
    "UNKNOWN_RECIPIENT": [(2, "产业补贴 2026", "industry_subsidy", None, None, "6222-9", 80_000)],
    "NOT_ELIGIBLE": [(3, "产业补贴 2026", "industry_subsidy", "H2", "P2", "6222-2", 80_000),
                     (4, "贷款 2026", "microcredit", "H1", "P8", "6222-1", 3_012_300)],
    "EXCLUSION_ASSETS": [(5, "教育补助 2026", "education_subsidy", "H3", "P3", "6222-3", 50_000)],
    "DOUBLE_PAYMENT": [(6, "公益岗 2026-03", "public_welfare_wage", "H1", "P1", "6222-1", 80_000),
                       (7, "公益岗 2026-03", "public_welfare_wage", "H1", "P1", "6222-1", 80_000)],
    "SPLIT_HOUSEHOLD": [(8, "危房改造 2026", "housing", "H4", "P4", "6222-45", 1_234_500),
                        (9, "危房改造 2026", "housing", "H5", "P5", "6222-45", 1_234_500)],
    "DEAD_OR_AWAY": [(10, "公益岗 2026-04", "public_welfare_wage", "H1", "P6", "6222-6", 80_000),
                     (11, "公益岗 2026-04", "public_welfare_wage", "H1", "P7", "6222-7", 80_000)],
    "JUST_UNDER_THRESHOLD": [(12, "项目款 2026", "project", "H1", "P1", "6222-1", 4_990_000)],
    "ROUND_AMOUNT": [(13, "奖补 2026", "bonus", "H1", "P1", "6222-1", 2_000_000)],
}  # fmt: skip


def _tables(payments):  # type: ignore[no-untyped-def]
    names = ("payment", "item", "measure", "household", "person", "account_no", "amount_fen")
    pay = pa.table({n: [row[i] for row in payments] for i, n in enumerate(names)}
                   | {"village": ["V1"] * len(payments)})  # fmt: skip
    pay = pay.cast(pa.schema([("payment", pa.int64()), ("item", pa.string()), ("measure", pa.string()),
                              ("household", pa.string()), ("person", pa.string()),
                              ("account_no", pa.string()), ("amount_fen", pa.int64()),
                              ("village", pa.string())]))  # fmt: skip
    h_names = ("household", "village", "ever_poor", "owns_vehicle", "owns_commercial_housing",
               "state_payroll")  # fmt: skip
    households = pa.table({n: [row[i] for row in HOUSEHOLDS] for i, n in enumerate(h_names)})
    m_names = ("person", "household", "alive", "away_months", "age")
    members = pa.table({n: [row[i] for row in MEMBERS] for i, n in enumerate(m_names)})
    return pay, households, members


def test_the_clean_payment_raises_nothing():
    assert flag_payments(*_tables([CLEAN])).num_rows == 0


@pytest.mark.parametrize("flag", list(PLANTED))
def test_each_planted_case_raises_its_flag_and_the_control_none(flag):
    found = flag_payments(*_tables([CLEAN, *PLANTED[flag]]))
    planted = {row[0] for row in PLANTED[flag]}
    mine = [r for r in found.to_pylist() if r["flag"] == flag]
    assert sorted(r["payment"] for r in mine) == sorted(planted)  # once each, whatever caught it
    assert all(r["evidence"] and r["amount_fen"] > 0 for r in mine)
    assert 1 not in {r["payment"] for r in found.to_pylist()}


def test_the_evidence_says_why():
    found = {r["payment"]: r for r in flag_payments(*_tables([CLEAN, *PLANTED["NOT_ELIGIBLE"],
                                                              *PLANTED["DEAD_OR_AWAY"]])).to_pylist()}  # fmt: skip
    assert found[3]["evidence"] == "industry_subsidy paid to a household never identified poor"
    assert found[4]["evidence"] == "loan to a borrower aged 70 (policy 18–65)"
    assert found[10]["evidence"].startswith("the member is recorded dead")
    assert found[11]["evidence"].startswith("away 12 months")


def test_thresholds_are_the_policys():
    rows = _tables([CLEAN, *PLANTED["JUST_UNDER_THRESHOLD"]])
    assert flag_payments(*rows, Params(approval_threshold_fen=10_000_000)).num_rows == 0
    loan = _tables([(4, "贷款 2026", "microcredit", "H1", "P1", "6222-1", 4_512_300)])
    assert flag_payments(*loan).num_rows == 0
    assert (
        "above the cap"
        in flag_payments(*loan, Params(loan_cap_fen=4_000_000))["evidence"][0].as_py()
    )


def test_a_project_with_nothing_spent_after_the_policys_months_is_idle():
    projects = pa.table({"project": [1, 2, 3], "village": ["V1"] * 3,
                         "budget_fen": [10_000_000, 5_000_000, 8_000_000],
                         "spent_fen": [0, 1, 0], "started_month": [24_300, 24_300, 24_310]})  # fmt: skip
    idle = idle_projects(projects, today_months=24_312)
    assert idle["evidence"].to_pylist() == ["project 1: nothing spent 12 months after it started"]
    assert set(idle["flag"].to_pylist()) <= set(FLAG_CODES)


def test_a_member_paid_through_another_household_is_flagged():
    found = flag_payments(
        *_tables([(20, "产业补贴 2026", "industry_subsidy", "H1", "P5", "6222-5", 80_000)])
    )
    assert found["evidence"].to_pylist() == ["P5 is a member of H5, not of H1"]


def test_a_loan_without_the_borrowers_age_is_not_passed_silently():
    loan = _tables([(21, "贷款 2026", "microcredit", "H1", None, "6222-1", 1_012_300)])
    assert flag_payments(*loan)["evidence"].to_pylist() == [
        "loan to a borrower whose age is not recorded"
    ]
