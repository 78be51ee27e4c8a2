"""Every number the kernel uses comes from the policy: a policy file changes the decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rules_builders import household_row, member_row

from fupin.policy import load_policy
from fupin.rules import decide_one


def stricter_policy(tmp_path):
    path = tmp_path / "strict.toml"
    path.write_text(
        "\n".join(
            [
                'id = "test-strict"',
                'version = "1"',
                'title = "Stricter test county"',
                'extends = "cn"',
                "[guarantees]",
                'checks = ["food", "clothing", "education", "medical", "housing"]',
                "school_age_max = 16",
                "[income]",
                "transfer_dependent_share = 0.4",
                "income_drop_ratio = 0.9",
                "[monitoring.line]",
                "2021 = 7000",
            ]
        ),
        encoding="utf-8",
    )
    return load_policy(str(path))


def test_policy_file_parameters_change_the_rules(tmp_path, cn_policy):
    strict = stricter_policy(tmp_path)
    child16 = member_row(relation="child", birth=dt.date(2004, 12, 31), labour_ability="none")
    household = household_row(
        year=2020,
        wage_local="6000",
        transfer_relief="4500",  # 42.9 % of 10,500: dependent only under the 40 % rule
        safe_water="no",
        previous_per_capita_net_income="6000",  # pc 5,250 < 90 % of 6,000 = 5,400
    )
    members = [member_row(), child16]
    national = decide_one(household, members, cn_policy)
    local = decide_one(household, members, strict)
    assert national.guarantee_gaps == ("WATER",)
    assert national.flags == ("NEAR_LINE",)
    # Water is not a check of this policy; a 16-year-old out of school is a gap.
    assert local.guarantee_gaps == ("EDUCATION",)
    assert local.flags == ("NEAR_LINE", "TRANSFER_DEPENDENT", "INCOME_DROP")
    assert local.policy_id == "test-strict" and local.policy_hash == strict.content_hash


def test_absolute_monitoring_line_of_a_year(tmp_path):
    strict = stricter_policy(tmp_path)
    d = decide_one(household_row(year=2021, wage_local="6999.99"), [member_row()], strict)
    assert d.monitoring_line == Decimal("7000.00")
    assert d.flags == ("NEAR_LINE",)
