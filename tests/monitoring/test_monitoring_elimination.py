"""Risk elimination only when the policy's conditions hold; the development-measure check."""

from __future__ import annotations

import datetime as dt

import pytest
from monitoring_helpers import at, policy, set_income

from fupin.monitoring.models import Alert, Measure, MonitoredHousehold
from fupin.monitoring.services.elimination import (
    add_months,
    elimination_problems,
    needs_development_measure,
)
from fupin.monitoring.services.raising import Signal, raise_alert
from fupin.monitoring.services.steps import take_step
from fupin.procedure.errors import ProcedureError
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db

SINCE = dt.date(2025, 1, 10)
# 2025: poverty line 4,000, monitoring line 7,100. 30,000 / 3 = 10,000 lies well above the range.
STABLE = "30000"


def _monitored(cast, household=None) -> MonitoredHousehold:
    """A household monitored since SINCE (alert at stage 'monitored')."""
    household = household or cast.h_a1_2
    alert, _ = raise_alert(
        Signal(household, "kernel", ["NEAR_LINE"]), now=at(SINCE), policy=policy()
    )
    Alert.objects.filter(pk=alert.pk).update(stage="monitored")
    Household.objects.filter(pk=household.pk).update(status="monitored")
    return MonitoredHousehold.objects.create(
        household=household, alert=alert, group="edge", since=SINCE
    )


def _codes(monitored, today) -> list[str]:
    return [code for code, _message in elimination_problems(monitored, today, policy())]


def test_stable_income_above_the_range_for_six_months_eliminates_the_risk(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    assert _codes(monitored, dt.date(2025, 7, 10)) == []
    alert = take_step(
        monitored.alert_id,
        "eliminate_risk",
        actor=cast.county_office,
        now=at(dt.date(2025, 7, 10)),
        expected_version=monitored.alert.version,
        policy=policy(),
    )
    assert alert.stage == "risk_eliminated"
    assert Household.objects.get(pk=cast.h_a1_2.pk).status == "risk_eliminated"
    monitored.refresh_from_db()
    assert (monitored.until, monitored.outcome) == (dt.date(2025, 7, 10), "risk_eliminated")
    assert MonitoredHousehold.objects.filter(pk=monitored.pk).exists()  # kept, flagged


def test_less_than_six_months_is_too_early(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    assert _codes(monitored, dt.date(2025, 7, 9)) == ["months"]


def test_income_inside_the_range_keeps_the_household_monitored(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, "18000")  # 6,000 per person: above 4,000, below 7,100
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["income"]


def test_an_income_record_from_before_monitoring_does_not_count(cast) -> None:
    monitored = _monitored(cast)  # only the 2014 record exists
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["income"]


def test_unresolved_rigid_spending_keeps_the_household_monitored(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE, medical_out_of_pocket="20000")
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["rigid_spending"]


def test_a_new_hospital_stay_within_six_months_keeps_it_monitored(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    raise_alert(
        Signal(cast.h_a1_2, "department", ["HOSPITAL_OOP"]),
        now=at(dt.date(2025, 6, 1)),
        policy=policy(),
    )
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["rigid_spending"]
    assert _codes(monitored, dt.date(2025, 12, 2)) == []


def test_a_guarantee_gap_keeps_the_household_monitored(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    Household.objects.filter(pk=cast.h_a1_2.pk).update(safe_water=False)
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["guarantees"]


def test_no_labour_on_social_security_stays_monitored(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    Member.objects.filter(household=cast.h_a1_2).update(labour_ability="none")
    Household.objects.filter(pk=cast.h_a1_2.pk).update(household_type="dibao")
    assert _codes(monitored, dt.date(2025, 8, 1)) == ["social_security"]
    with pytest.raises(ProcedureError) as refused:
        take_step(
            monitored.alert_id,
            "eliminate_risk",
            actor=cast.county_office,
            now=at(dt.date(2025, 8, 1)),
            expected_version=monitored.alert.version,
            policy=policy(),
        )
    assert refused.value.fields == ["social_security"]
    assert Household.objects.get(pk=cast.h_a1_2.pk).status == "monitored"


def test_without_labour_but_without_support_the_risk_may_end(cast) -> None:
    monitored = _monitored(cast)
    set_income(cast.h_a1_2, 2025, STABLE)
    Member.objects.filter(household=cast.h_a1_2).update(labour_ability="none")
    assert _codes(monitored, dt.date(2025, 8, 1)) == []


def test_a_household_that_can_work_needs_a_development_measure(cast) -> None:
    monitored = _monitored(cast)
    assert needs_development_measure(monitored)
    Measure.objects.create(monitored=monitored, kind="medical", started_on=SINCE)
    assert needs_development_measure(monitored)
    Measure.objects.create(monitored=monitored, kind="employment", started_on=SINCE)
    assert not needs_development_measure(monitored)


def test_a_household_that_cannot_work_needs_no_development_measure(cast) -> None:
    monitored = _monitored(cast)
    Member.objects.filter(household=cast.h_a1_2).update(labour_ability="lost")
    assert not needs_development_measure(monitored)


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 1, 10), 6) == dt.date(2025, 7, 10)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)
