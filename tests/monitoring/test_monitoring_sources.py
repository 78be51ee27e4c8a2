"""Each alert source opens an alert (or adds evidence to the household's live one)."""

from __future__ import annotations

import datetime as dt

import pytest
from monitoring_helpers import MONDAY, generous, head_of, policy, set_income

from fupin.monitoring.models import Alert, Evidence, OwnReport, WatchEntry
from fupin.monitoring.services.kernel import raise_from_kernel
from fupin.monitoring.services.model_scores import (
    parse_factors,
    raise_from_model,
    raise_from_scores,
)
from fupin.monitoring.services.raising import Signal, raise_alert, raise_signals
from fupin.monitoring.services.reports import receive_own_report, record_visit
from fupin.registry.services.households import append_event

pytestmark = pytest.mark.django_db


def test_kernel_flags_raise_an_alert_for_a_near_line_household(cast) -> None:
    # 2015: line 2,968, monitoring line 4,452; 11,000 / 3 = 3,666.67 lies between them.
    set_income(cast.h_a1_2, 2015, "11000")
    summary = raise_from_kernel(
        cast.village_a1, now=MONDAY, policy=generous(), actor=cast.county_office
    )
    alert = Alert.objects.get(household=cast.h_a1_2)
    assert summary.opened == 1
    assert alert.source == "kernel"
    assert "NEAR_LINE" in alert.causes
    assert alert.group == "edge"
    assert alert.stage == "reported"
    assert alert.policy_id == "cn"
    # The poor household of the village (identified) is helped, not monitored.
    assert not Alert.objects.filter(household=cast.h_a1_1).exists()


def test_kernel_flags_beyond_the_scale_go_on_the_watch_list(cast) -> None:
    set_income(cast.h_a1_2, 2015, "11000")
    summary = raise_from_kernel(cast.village_a1, now=MONDAY, actor=cast.county_office)
    assert (summary.opened, summary.watched) == (0, 1)  # 5 % of 12 registered people: nobody
    entry = WatchEntry.objects.open().get()
    assert entry.household == cast.h_a1_2 and entry.causes == ["NEAR_LINE"]
    assert (entry.year, entry.policy_id) == (2015, "cn")
    # A later run that no longer flags the household takes it off the list.
    set_income(cast.h_a1_2, 2015, "30000")
    raise_from_kernel(cast.village_a1, now=MONDAY + dt.timedelta(days=30))
    assert not WatchEntry.objects.open().exists()


def test_kernel_run_twice_adds_evidence_not_a_second_alert(cast) -> None:
    set_income(cast.h_a1_2, 2015, "11000")
    raise_from_kernel(cast.village_a1, now=MONDAY, policy=generous())
    second = raise_from_kernel(
        cast.village_a1, now=MONDAY + dt.timedelta(days=1), policy=generous()
    )
    assert second.opened == 0 and second.updated == 1
    assert Alert.objects.filter(household=cast.h_a1_2).count() == 1
    assert Evidence.objects.filter(alert__household=cast.h_a1_2).count() == 2


def test_kernel_leaves_households_without_flags_alone(cast) -> None:
    summary = raise_from_kernel(cast.county, now=MONDAY, policy=policy())
    assert summary.considered == 8
    assert Alert.objects.count() == 0  # 2014 incomes: poor households or far above the line


def test_an_exited_household_is_an_unstable_exited_one(cast) -> None:
    household = cast.h_a1_1
    append_event(household, "exited", actor=cast.county_office)
    alert, opened = raise_alert(
        Signal(household=household, source="department", causes=["DISASTER"]),
        now=MONDAY,
        policy=policy(),
    )
    assert opened and alert.group == "unstable_exited"


def test_a_shock_makes_an_edge_household_a_sudden_hardship_one(cast) -> None:
    alert, _ = raise_alert(
        Signal(household=cast.h_b1_2, source="department", causes=["HOSPITAL_OOP"]),
        now=MONDAY,
        policy=policy(),
    )
    assert alert.group == "sudden_hardship"


def test_alert_goes_to_the_paired_helper_else_the_village_cadre(cast) -> None:
    in_a1, _ = raise_alert(Signal(cast.h_a1_2, "visit", ["OTHER"]), now=MONDAY, policy=policy())
    in_b1, _ = raise_alert(Signal(cast.h_b1_2, "visit", ["OTHER"]), now=MONDAY, policy=policy())
    assert in_a1.assignee == cast.paired_helper_a1
    assert in_b1.assignee == cast.village_cadre_b1


def test_own_report_with_matching_id_and_name_raises_an_alert(cast) -> None:
    head = head_of(cast.h_a2_2)
    report = receive_own_report(
        id_number=head.id_number,
        name=head.name,
        phone="13800000000",
        village_code="",
        cause="ILLNESS",
        description="Father in hospital",
        now=MONDAY,
        policy=policy(),
    )
    assert report.alert is not None
    assert report.alert.source == "own_report"
    assert report.alert.causes == ["ILLNESS"]
    assert report.household == cast.h_a2_2


def test_own_report_with_a_wrong_name_is_kept_but_raises_nothing(cast) -> None:
    head = head_of(cast.h_a2_2)
    report = receive_own_report(
        id_number=head.id_number,
        name="Somebody Else",
        phone="",
        village_code="",
        cause="JOB_LOSS",
        description="lost job",
        now=MONDAY,
        policy=policy(),
    )
    assert report.alert is None and report.household is None
    assert OwnReport.objects.count() == 1
    assert Alert.objects.count() == 0


def test_a_visit_that_finds_a_risk_raises_an_alert_already_visited(cast) -> None:
    visit = {"visitors": ["Wang", "Li"], "visited_on": MONDAY.date(), "findings": "roof collapsed"}
    alert = record_visit(
        cast.h_a1_2,
        actor=cast.village_cadre_a1,
        now=MONDAY,
        policy=policy(),
        visit=visit,
        causes=["DISASTER"],
    )
    assert alert.source == "visit"
    assert alert.stage == "visited"
    assert alert.steps.get().data["visitors"] == ["Wang", "Li"]


def test_model_scores_raise_alerts_only_where_marked(cast) -> None:
    rows = [
        {
            "household_id": "H-a1-2",
            "risk": "0.81",
            "rule_flags": "NEAR_LINE",
            "top_factors": "transfer_share:+0.9;size:-0.1",
            "alert": "1",
        },
        {
            "household_id": "H-a2-2",
            "risk": "0.10",
            "rule_flags": "",
            "top_factors": "",
            "alert": "0",
        },
        {
            "household_id": "H-b1-2",
            "risk": "0.70",
            "rule_flags": "",
            "top_factors": "",
            "alert": "1",
        },
    ]
    summary = raise_from_scores(rows, prefix=cast.township_a.prefix, now=MONDAY, policy=generous())
    alert = Alert.objects.get()
    assert (summary.opened, summary.considered) == (1, 2)
    assert [number for number, _why in summary.skipped] == ["H-b1-2"]
    assert alert.source == "model" and alert.risk == pytest.approx(0.81)
    assert alert.factors == [["transfer_share", 0.9], ["size", -0.1]]


def test_model_source_is_pluggable(cast) -> None:
    set_income(cast.h_a1_2, 2015, "11000")
    seen = {}

    def scorer(households, members, model, policy):
        seen["rows"] = households.num_rows
        return [
            {
                "household_id": "H-a1-2",
                "risk": 0.6,
                "rule_flags": "",
                "top_factors": "",
                "alert": True,
            }
        ]

    summary = raise_from_model(
        cast.village_a1, "a model", now=MONDAY, policy=generous(), scorer=scorer
    )
    assert summary.opened == 1 and seen["rows"] == 2


def test_factor_text_is_parsed_and_bad_parts_skipped() -> None:
    assert parse_factors("a:+0.5;b:-0.25;broken;c:x") == [["a", 0.5], ["b", -0.25]]


def test_the_targeting_scorer_plugs_in(cast) -> None:
    import numpy as np

    from fupin.monitoring.services.model_scores import default_scorer
    from fupin.targeting import ReturnRiskModel
    from fupin.targeting.features import FEATURE_NAMES

    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, len(FEATURE_NAMES)))
    outcome = (features[:, 0] < 0).astype(int)
    model = ReturnRiskModel(n_estimators=5, min_child_samples=5).fit(
        features, outcome, feature_names=list(FEATURE_NAMES)
    )
    summary = raise_from_model(cast.county, model, now=MONDAY, policy=policy())
    # The scorer's scale bound (5% of the registered people, here 0.6 of a household) alerts no one.
    assert summary.considered == 0
    scores = default_scorer()(*_tables(cast), model, policy(), budget_people=100)
    assert set(scores.column_names) >= {"household_id", "risk", "top_factors", "alert"}
    assert scores.num_rows == 8


def _tables(cast):
    from fupin.registry.models import Household
    from fupin.registry.selectors.kernel_input import kernel_tables

    return kernel_tables(Household.objects.all(), policy().poverty_line_by_year)


def test_many_signals_for_one_household_make_one_alert(cast) -> None:
    first, _ = raise_alert(Signal(cast.h_a2_2, "visit", ["OTHER"]), now=MONDAY, policy=policy())
    signals = [
        Signal(cast.h_a1_2, "department", ["HOSPITAL_OOP"]),
        Signal(cast.h_a1_2, "department", ["ANNUAL_OOP"]),
        Signal(cast.h_a2_2, "model", ["MODEL_RISK"], risk=0.4, factors=[["size", 0.1]]),
    ]
    result = raise_signals(signals, now=MONDAY, policy=policy())
    assert (result.opened, result.updated) == (1, 1)
    new = Alert.objects.get(household=cast.h_a1_2)
    assert new.causes == ["HOSPITAL_OOP", "ANNUAL_OOP"] and new.evidence.count() == 2
    assert new.assignee == cast.paired_helper_a1 and new.group == "sudden_hardship"
    first.refresh_from_db()
    assert first.sources == ["visit", "model"] and first.risk == pytest.approx(0.4)
    assert first.version == 1 and first.evidence.count() == 2
