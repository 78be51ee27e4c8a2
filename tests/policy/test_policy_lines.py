"""Poverty and monitoring lines by year, in yuan and fen, with half-up rounding to the fen."""

from __future__ import annotations

import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fupin.policy import Policy, load_policy

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "fupin" / "policy" / "bundled"
CN_RAW: dict[str, Any] = tomllib.loads(
    (BUNDLED / "cn.toml").read_text(encoding="utf-8"), parse_float=Decimal
)


def policy_with(
    line: Decimal, multiplier: Decimal, absolute: dict[str, Any] | None = None
) -> Policy:
    """cn with one year (2020), the given poverty line, multiplier and absolute lines."""
    monitoring = {**CN_RAW["monitoring"], "line_multiplier": multiplier, "line": absolute or {}}
    microcredit = {**CN_RAW["microcredit"], "interest_subsidy": {"2020": Decimal(1)}}
    raw = {
        **CN_RAW,
        "poverty_line": {"2020": line},
        "monitoring": monitoring,
        "microcredit": microcredit,
    }
    return Policy.model_validate(raw)


def test_lines_in_yuan_and_fen() -> None:
    cn = load_policy("cn")
    assert cn.poverty_line(2014) == Decimal("2800")
    assert str(cn.poverty_line(2014)) == "2800.00"  # 2 dp
    assert cn.poverty_line_fen(2014) == 280_000
    assert cn.monitoring_line(2014) == Decimal("4200.00")  # 1.5 × 2,800
    assert cn.monitoring_line_fen(2019) == 562_050  # 1.5 × 3,747 = 5,620.50
    assert cn.monitoring_line_fen(2021) == 600_000  # absolute national line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2968.35", "4452.53"),  # 4,452.525: half-up gives .53 (banker's rounding would give .52)
        ("2968.33", "4452.50"),  # 4,452.495
        ("2968.31", "4452.47"),  # 4,452.465
        ("0.01", "0.02"),  # 0.015
    ],
)
def test_monitoring_line_rounds_half_up_to_the_fen(line: str, expected: str) -> None:
    policy = policy_with(Decimal(line), Decimal("1.5"))
    assert policy.monitoring_line(2020) == Decimal(expected)
    assert str(policy.monitoring_line(2020)) == expected
    assert policy.monitoring_line_fen(2020) == int(expected.replace(".", ""))


def test_an_absolute_line_takes_precedence_over_the_rule() -> None:
    policy = policy_with(Decimal(4000), Decimal("1.5"), {"2020": Decimal("6123.45")})
    assert policy.monitoring_line(2020) == Decimal("6123.45")
    assert policy.monitoring_line_fen(2020) == 612_345


@given(
    line_fen=st.integers(1, 5_000_000),
    multiplier=st.decimals(min_value=Decimal("0.001"), max_value=Decimal(5), places=3),
)
def test_monitoring_line_is_the_exact_product_rounded_half_up(
    line_fen: int, multiplier: Decimal
) -> None:
    policy = policy_with(Decimal(line_fen) / 100, multiplier)
    exact = line_fen * Fraction(multiplier)  # in fen
    expected_fen = math.floor(exact + Fraction(1, 2))
    assert policy.monitoring_line_fen(2020) == expected_fen
    assert policy.monitoring_line(2020) == Decimal(expected_fen) / 100
    assert policy.poverty_line_fen(2020) == line_fen


def test_the_policy_cannot_be_changed_in_place() -> None:
    cn = load_policy("cn")
    with pytest.raises(ValidationError):
        cn.id = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        cn.monitoring.scale_share = Decimal("0.5")  # type: ignore[misc]
    with pytest.raises(TypeError):
        cn.poverty_line_by_year[2014] = Decimal(1)  # type: ignore[index]
    with pytest.raises(TypeError):
        cn.monitoring.line_by_year[2025] = Decimal(1)  # type: ignore[index]
    assert load_policy("cn").poverty_line(2014) == Decimal("2800")


def test_years_are_ascending_and_consecutive() -> None:
    for name in ("cn", "cn-53", "cn-west-key-county"):
        years = load_policy(name).years
        assert years == tuple(range(years[0], years[-1] + 1))
        assert years[0] == 2014 and years[-1] == 2026


def test_interest_subsidy_by_year() -> None:
    micro = load_policy("cn").microcredit
    assert micro.interest_subsidy(2014) == Decimal(1)
    assert micro.interest_subsidy(2023) == Decimal(1)
    assert micro.interest_subsidy(2024) == Decimal("0.7")
    assert micro.interest_subsidy(2025) == Decimal("0.7")


def test_display_title_follows_the_language() -> None:
    from fupin.i18n import override

    cn = load_policy("cn")
    with override("en"):
        assert cn.display_title() == cn.title
    with override("zh-hans"):
        assert cn.display_title() == "国家政策（精准扶贫与防止返贫监测）"
