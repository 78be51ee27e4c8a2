"""The card shows the rules kernel's decision, and its income figures agree with the kernel's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.registry.models import Household, IncomeRecord, StatusEvent
from fupin.registry.selectors.card import build_card
from fupin.rules.columns import MONEY_COLUMNS

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _decision_section(client: Client, number: str, **headers: str) -> str:
    html = client.get(f"/households/{number}/", **headers).content.decode()
    start = html.index('id="rules-decision"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def office(cast) -> Client:
    client = Client()
    client.force_login(cast.users["county_office"])
    return client


@pytest.mark.django_db
def test_poor_household_remains_poor_with_the_shortfall(office) -> None:
    section = _decision_section(office, "H-a1-1", **EN)
    assert "remains poor" in section
    # 2014 exit-standard line 2,800 (POLICY-FACTS); per-capita 4,000 / 3 = 1,333.33.
    assert "2,800.00" in section
    assert "1,466.67" in section  # 2,800.00 − 1,333.33
    assert "cn " in section  # the policy id is named


@pytest.mark.django_db
def test_decision_speaks_chinese(office) -> None:
    section = _decision_section(office, "H-a1-1", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "继续帮扶" in section
    assert "贫困线" in section


@pytest.mark.django_db
def test_well_off_registered_household_needs_no_action(office) -> None:
    assert "no action" in _decision_section(office, "H-a1-2", **EN)


@pytest.mark.django_db
def test_exited_household_above_the_line_is_stable_below_it_returns(cast, office) -> None:
    for number in ("H-b1-1", "H-b1-2"):
        household = Household.objects.get(number=number)
        StatusEvent.objects.create(
            household=household, kind="identified", status_after="identified"
        )
        StatusEvent.objects.create(household=household, kind="exited", status_after="exited")
    Household.objects.filter(number__in=["H-b1-1", "H-b1-2"]).update(status="exited")
    # H-b1-1 has 1,333.33 per person (below 2,800); H-b1-2 has 10,333.33.
    assert "returned to poverty" in _decision_section(office, "H-b1-1", **EN)
    assert "stable" in _decision_section(office, "H-b1-2", **EN)


@pytest.mark.django_db
def test_year_outside_the_policy_is_explained(cast, office) -> None:
    IncomeRecord.objects.filter(household__number="H-a2-1").update(year=1990)
    section = _decision_section(office, "H-a2-1", **EN)
    assert "does not cover this income year" in section


@pytest.mark.django_db
def test_household_without_income_has_no_decision(cast, office) -> None:
    IncomeRecord.objects.filter(household__number="H-a2-2").delete()
    html = office.get("/households/H-a2-2/", **EN).content.decode()
    assert "No income recorded yet." in html
    assert "No decision" in html


AMOUNT = st.decimals(min_value=0, max_value=Decimal("200000"), places=2, allow_nan=False)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amounts=st.lists(AMOUNT, min_size=len(MONEY_COLUMNS), max_size=len(MONEY_COLUMNS)))
def test_the_cards_income_lines_add_up_to_the_kernels_net_income(cast, amounts) -> None:
    household = Household.objects.get(number="H-a2-2")
    money = dict(zip(MONEY_COLUMNS, amounts, strict=True))
    record = IncomeRecord.objects.create(household=household, year=2015, **money)
    try:
        card = build_card(household)
    finally:
        record.delete()
    assert card.income is not None and card.income.year == 2015
    counted = sum(line.amount * line.sign for line in card.income.lines)
    assert counted == card.income.net_income
    size = len(card.members)
    # per capita is the net divided by the members, rounded half up to the fen
    assert abs(card.income.per_capita_net_income * size - counted) <= Decimal("0.005") * size
