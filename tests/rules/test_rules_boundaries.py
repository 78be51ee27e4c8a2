"""Boundary cases of the national rules, expected values worked out by hand (cn, 2020 unless said).

2020: poverty line 4,000.00 yuan, monitoring line 6,000.00 (1.5 × 4,000).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rules_builders import household_row, member_row

from fupin.rules import decide_one


def one(policy, members=1, **household):
    people = [member_row()] + [
        member_row(relation="spouse", birth=dt.date(1982, 3, 3), sex="F")
        for _ in range(members - 1)
    ]
    return decide_one(household_row(**household), people, policy)


def test_exactly_at_the_poverty_line_is_not_poor_but_near(cn_policy):
    d = one(cn_policy, wage_local="4000.00")
    assert (d.per_capita_net_income, d.income_poor, d.flags) == (
        Decimal("4000.00"),
        False,
        ("NEAR_LINE",),
    )
    assert d.decision == "monitor"


def test_one_fen_below_the_line_is_poor(cn_policy):
    d = one(cn_policy, wage_local="3999.99")
    assert d.income_poor and d.decision == "identify"
    assert d.amounts["income_shortfall_fen"] == 1
    assert "0.01 yuan below the poverty line of 4,000.00" in d.reasons("en")


def test_comparison_is_on_household_totals_not_rounded_per_capita(cn_policy):
    # 11,999.99 / 3 = 3,999.996… rounds to 4,000.00 per person, yet 11,999.99 < 3 × 4,000.
    d = one(cn_policy, members=3, wage_local="11999.99")
    assert d.per_capita_net_income == Decimal("4000.00")
    assert d.income_poor is True
    assert one(cn_policy, members=3, wage_local="12000.00").income_poor is False


def test_exactly_at_the_monitoring_line_is_not_near(cn_policy):
    at = one(cn_policy, wage_local="6000.00")
    below = one(cn_policy, wage_local="5999.99")
    assert (at.flags, at.decision) == ((), "none")
    assert (below.flags, below.decision) == (("NEAR_LINE",), "monitor")


@pytest.mark.parametrize(
    ("net", "size", "expected"),
    [
        ("0.05", 2, "0.03"),  # 2.5 fen rounds half up to 3
        ("1.01", 2, "0.51"),  # 50.5 fen → 51
        ("1.00", 3, "0.33"),  # 33.33 fen → 33
        ("2.00", 3, "0.67"),  # 66.67 fen → 67
        ("10.00", 4, "2.50"),
    ],
)
def test_per_capita_rounds_half_up_to_the_fen(cn_policy, net, size, expected):
    assert one(cn_policy, members=size, wage_local=net).per_capita_net_income == Decimal(expected)


def test_negative_net_income(cn_policy):
    # 1,000 wages − 3,000 operating costs + 500 relief = −1,500 for 2 people = −750.00 each.
    d = one(cn_policy, members=2, wage_local="1000", operating_cost="3000", transfer_relief="500")
    assert (d.net_income, d.per_capita_net_income) == (Decimal("-1500.00"), Decimal("-750.00"))
    assert d.income_poor is True
    # Transfers dominate only a positive income.
    assert "TRANSFER_DEPENDENT" not in d.flags


def test_negative_half_fen_rounds_away_from_zero(cn_policy):
    d = one(cn_policy, members=2, wage_local="0", operating_cost="0.05")
    assert d.per_capita_net_income == Decimal("-0.03")


def test_migrant_living_costs_above_wages(cn_policy):
    # 4,000 local + 3,000 migrant − 5,000 migrant living costs = 2,000.
    d = one(cn_policy, wage_local="4000", wage_migrant="3000", migrant_living_cost="5000")
    assert d.net_income == Decimal("2000.00")
    assert d.income_poor is True


def test_inkind_consumption_is_never_income(cn_policy):
    d = one(cn_policy, wage_local="3000", inkind_consumption="50000")
    assert d.net_income == Decimal("3000.00")
    assert d.decision == "identify"


def test_all_income_terms_add_up(cn_policy):
    d = one(
        cn_policy,
        wage_local="100.01", wage_migrant="200.02", migrant_living_cost="50.50",
        operating_income="300.03", operating_cost="100.00", property_income="10.10",
        transfer_relief="20.20", transfer_development="30.30", disaster_loss="999",
    )  # fmt: skip
    # 100.01 + 200.02 − 50.50 + 300.03 − 100.00 + 10.10 + 20.20 + 30.30 = 510.16
    assert d.net_income == Decimal("510.16")


@pytest.mark.parametrize(
    ("birth", "gap"),
    [
        (dt.date(2015, 1, 1), False),  # 5 on 31 Dec 2020
        (dt.date(2014, 12, 31), True),  # turns 6 on 31 Dec 2020
        (dt.date(2014, 1, 1), True),  # 6
        (dt.date(2005, 12, 31), True),  # 15
        (dt.date(2005, 1, 1), True),  # 15
        (dt.date(2004, 12, 31), False),  # 16
    ],
)
def test_school_age_in_completed_years_on_31_december(cn_policy, birth, gap):
    child = member_row(relation="child", birth=birth, in_school="no", labour_ability="none")
    d = decide_one(household_row(wage_local="20000"), [member_row(), child], cn_policy)
    assert ("EDUCATION" in d.guarantee_gaps) is gap
    in_school = dict(child, in_school="yes")
    assert (
        decide_one(
            household_row(wage_local="20000"), [member_row(), in_school], cn_policy
        ).guarantee_gaps
        == ()
    )


def test_gaps_in_the_published_order(cn_policy):
    members = [member_row(medical_insurance="no")]
    d = decide_one(
        household_row(
            wage_local="20000",
            food_secure="no",
            clothing_secure="no",
            housing_grade="D",
            safe_water="no",
        ),
        members + [member_row(relation="child", birth=dt.date(2010, 6, 1), labour_ability="none")],
        cn_policy,
    )
    assert d.guarantee_gaps == ("FOOD", "CLOTHING", "EDUCATION", "MEDICAL", "HOUSING", "WATER")


@pytest.mark.parametrize(("grade", "gap"), [("A", False), ("B", False), ("C", True), ("D", True)])
def test_housing_grades(cn_policy, grade, gap):
    assert bool(one(cn_policy, wage_local="20000", housing_grade=grade).guarantee_gaps) is gap


def test_transfer_dependence_is_strictly_more_than_half(cn_policy):
    half = one(cn_policy, wage_local="5000", transfer_relief="2500", transfer_development="2500")
    more = one(
        cn_policy, wage_local="4999.99", transfer_relief="2500", transfer_development="2500.01"
    )
    assert "TRANSFER_DEPENDENT" not in half.flags
    assert "TRANSFER_DEPENDENT" in more.flags
    assert "50.0% of net income (10,000.00 yuan)" in more.reasons("en")


def test_rigid_spending_against_the_monitoring_line(cn_policy):
    # 7,000 − 1,000 = 6,000: not below the monitoring line; 1,000.01 pushes it below.
    assert one(cn_policy, wage_local="7000", medical_out_of_pocket="1000").flags == ()
    d = one(cn_policy, wage_local="7000", medical_out_of_pocket="600", disaster_loss="400.01")
    assert d.flags == ("RIGID_SPENDING",)
    assert "5,999.99 yuan per person, 0.01 yuan below the monitoring line" in d.reasons("en")


def test_income_drop_is_below_seventy_percent_of_last_year(cn_policy):
    exactly = one(cn_policy, wage_local="7000", previous_per_capita_net_income="10000")
    below = one(cn_policy, wage_local="6999.99", previous_per_capita_net_income="10000")
    none_given = one(cn_policy, wage_local="100", previous_per_capita_net_income=None)
    zero = one(cn_policy, wage_local="100", previous_per_capita_net_income="0")
    assert "INCOME_DROP" not in exactly.flags
    assert "INCOME_DROP" in below.flags
    assert "INCOME_DROP" not in none_given.flags and "INCOME_DROP" not in zero.flags


def test_no_labour(cn_policy):
    members = [
        member_row(labour_ability="lost"),
        member_row(relation="spouse", labour_ability="none"),
    ]
    d = decide_one(household_row(wage_local="20000"), members, cn_policy)
    assert d.flags == ("NO_LABOUR",)
    skilled = [member_row(labour_ability="skilled")]
    assert decide_one(household_row(wage_local="20000"), skilled, cn_policy).flags == ()


@pytest.mark.parametrize(
    ("year", "line", "monitoring"),
    [
        (2014, "2800.00", "4200.00"),
        (2017, "3335.00", "5002.50"),
        (2020, "4000.00", "6000.00"),
        (2021, "4000.00", "6000.00"),
    ],
)
def test_lines_by_year(cn_policy, year, line, monitoring):
    d = one(cn_policy, year=year, wage_local="100000")
    assert (d.poverty_line, d.monitoring_line) == (Decimal(line), Decimal(monitoring))


def test_results_carry_the_policy_stamp(cn_policy):
    d = one(cn_policy, wage_local="100")
    assert (d.policy_id, d.policy_version, d.policy_hash) == (
        cn_policy.id,
        cn_policy.version,
        cn_policy.content_hash,
    )


def test_float_money_is_refused(cn_policy):
    with pytest.raises(TypeError):
        one(cn_policy, wage_local=4000.0)
