"""Taking the procedure's steps: data checks, roles, locking, household status, escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from monitoring_helpers import MONDAY, at, policy

from fupin.monitoring.models import Alert, KeptRecordError, MonitoredHousehold
from fupin.monitoring.services.escalation import escalate_overdue
from fupin.monitoring.services.raising import Signal, raise_alert
from fupin.monitoring.services.steps import take_step
from fupin.procedure.errors import NotAllowed, ProcedureError, StaleVersion
from fupin.procedure.models import Notice, Signature
from fupin.procedure.services.notices import raise_objection, resolve_objection
from fupin.procedure.services.signatures import verify
from fupin.registry.models import Household, StatusEvent

pytestmark = pytest.mark.django_db

VISIT = {
    "visitors": ["Wang", "Li"],
    "visited_on": dt.date(2025, 3, 4),
    "findings": "hospital bills",
}
NOTICE = {"notice_from": dt.date(2025, 3, 10), "notice_days": 5}


def _alert(cast, household=None) -> Alert:
    alert, _ = raise_alert(
        Signal(household or cast.h_a1_2, "department", ["HOSPITAL_OOP"]),
        now=MONDAY,
        policy=policy(),
    )
    return alert


def _step(alert: Alert, action: str, user, day: dt.date, **data) -> Alert:
    return take_step(
        alert.pk,
        action,
        actor=user,
        now=at(day),
        expected_version=alert.version,
        policy=policy(),
        data=data,
    )


def _to_county(cast) -> Alert:
    alert = _alert(cast)
    alert = _step(alert, "visit", cast.village_cadre_a1, dt.date(2025, 3, 4), **VISIT)
    alert = _step(
        alert, "check_assets", cast.paired_helper_a1, dt.date(2025, 3, 5), authorised=True
    )
    alert = _step(alert, "appraise", cast.village_cadre_a1, dt.date(2025, 3, 17), **NOTICE)
    return _step(alert, "township_review", cast.township_office_a, dt.date(2025, 3, 18))


def test_the_whole_procedure_ends_in_monitoring(cast) -> None:
    alert = _to_county(cast)
    alert = _step(alert, "county_approve", cast.county_office, dt.date(2025, 3, 20), group="edge")
    household = Household.objects.get(pk=cast.h_a1_2.pk)
    assert alert.stage == "monitored" and alert.version == 5  # five steps from 0
    assert household.status == "monitored"
    event = StatusEvent.objects.filter(household=household).latest("id")
    assert (event.kind, event.actor, event.policy_id) == ("monitored", cast.county_office, "cn")
    monitored = MonitoredHousehold.objects.get(alert=alert)
    assert (monitored.group, monitored.since) == ("edge", dt.date(2025, 3, 20))
    actions = list(alert.steps.order_by("occurred_at").values_list("action", flat=True))
    assert actions == ["visit", "check_assets", "appraise", "township_review", "county_approve"]
    signed = [r.action for r in alert.steps.order_by("occurred_at") if r.signature is not None]
    assert signed == ["appraise", "township_review", "county_approve"]
    decision = alert.steps.get(action="county_approve")
    assert (decision.role, decision.signature.signer, decision.signature.role) == (
        "county_office",
        cast.county_office,
        "county_office",
    )
    assert verify(decision.signature) and '"action":"county_approve"' in decision.signature.content


def test_a_rejection_needs_a_reason_and_closes_the_alert(cast) -> None:
    alert = _to_county(cast)
    with pytest.raises(ProcedureError) as refused:
        _step(alert, "county_reject", cast.county_office, dt.date(2025, 3, 20))
    assert refused.value.fields == ["reason"]
    alert = _step(
        alert, "county_reject", cast.county_office, dt.date(2025, 3, 20), reason="car owner"
    )
    assert alert.stage == "rejected" and alert.closed_at is not None
    assert Household.objects.get(pk=cast.h_a1_2.pk).status == "registered"


def test_a_home_visit_needs_two_different_visitors(cast) -> None:
    alert = _alert(cast)
    with pytest.raises(ProcedureError) as refused:
        _step(
            alert,
            "visit",
            cast.village_cadre_a1,
            dt.date(2025, 3, 4),
            visitors=["Wang", "Wang "],
            visited_on=dt.date(2025, 3, 4),
            findings="x",
        )
    assert refused.value.fields == ["visitors"]
    assert Alert.objects.get(pk=alert.pk).stage == "reported"


def test_the_notice_lasts_within_the_policys_range(cast) -> None:
    alert = _alert(cast)
    alert = _step(alert, "visit", cast.village_cadre_a1, dt.date(2025, 3, 4), **VISIT)
    alert = _step(alert, "check_assets", cast.village_cadre_a1, dt.date(2025, 3, 5))
    for days in (4, 8):
        with pytest.raises(ProcedureError) as refused:
            _step(
                alert,
                "appraise",
                cast.village_cadre_a1,
                dt.date(2025, 3, 30),
                notice_from=dt.date(2025, 3, 10),
                notice_days=days,
            )
        assert refused.value.fields == ["notice_days"]
    with pytest.raises(ProcedureError) as future:
        _step(alert, "appraise", cast.village_cadre_a1, dt.date(2025, 3, 9), **NOTICE)
    assert future.value.fields == ["notice_from"]


def test_the_township_review_waits_for_the_notice_and_its_objections(cast) -> None:
    alert = _alert(cast)
    alert = _step(alert, "visit", cast.village_cadre_a1, dt.date(2025, 3, 4), **VISIT)
    alert = _step(alert, "check_assets", cast.village_cadre_a1, dt.date(2025, 3, 5))
    alert = _step(alert, "appraise", cast.village_cadre_a1, dt.date(2025, 3, 10), **NOTICE)
    notice = Notice.objects.get()
    assert (notice.posted_on, notice.ends_on, notice.region) == (
        dt.date(2025, 3, 10),
        dt.date(2025, 3, 14),
        cast.village_a1,
    )
    assert "H" in notice.title and "Head a1-2" not in notice.title  # the name is masked
    objection = raise_objection(notice, text="they own a car", now=at(dt.date(2025, 3, 12)))
    with pytest.raises(ProcedureError) as running:
        _step(alert, "township_review", cast.township_office_a, dt.date(2025, 3, 14))
    assert running.value.fields == ["notice", "objections"]
    with pytest.raises(ProcedureError) as waiting:
        _step(alert, "township_review", cast.township_office_a, dt.date(2025, 3, 17))
    assert waiting.value.fields == ["objections"]
    resolve_objection(
        objection.pk,
        status="dismissed",
        finding="the car belongs to a neighbour",
        actor=cast.township_office_a,
        now=at(dt.date(2025, 3, 17)),
        expected_version=0,
    )
    alert = _step(alert, "township_review", cast.township_office_a, dt.date(2025, 3, 17))
    assert alert.stage == "township_reviewed"


def test_steps_out_of_order_are_refused(cast) -> None:
    alert = _alert(cast)
    with pytest.raises(ProcedureError) as refused:
        _step(alert, "county_approve", cast.county_office, dt.date(2025, 3, 4))
    assert refused.value.fields == ["action"]


@pytest.mark.parametrize(
    ("username", "action"),
    [
        ("village_cadre_a1", "township_review"),
        ("township_office_a", "county_approve"),
        ("auditor", "visit"),
        ("public", "visit"),
        ("village_cadre_b1", "visit"),
    ],
)
def test_roles_and_areas_limit_the_steps(cast, username: str, action: str) -> None:
    alert = _alert(cast)
    with pytest.raises(NotAllowed):
        _step(alert, action, cast.users[username], dt.date(2025, 3, 4), **VISIT)


def test_a_stale_version_is_refused(cast) -> None:
    alert = _alert(cast)
    _step(alert, "visit", cast.village_cadre_a1, dt.date(2025, 3, 4), **VISIT)
    with pytest.raises(StaleVersion):
        _step(alert, "visit", cast.paired_helper_a1, dt.date(2025, 3, 4), **VISIT)  # old version


def test_county_approval_fails_cleanly_when_the_household_cannot_be_monitored(cast) -> None:
    alert = _to_county(cast)
    Household.objects.filter(pk=cast.h_a1_2.pk).update(status="identified")
    with pytest.raises(ProcedureError) as refused:
        _step(alert, "county_approve", cast.county_office, dt.date(2025, 3, 20))
    assert refused.value.fields == ["household"]
    assert Alert.objects.get(pk=alert.pk).stage == "township_reviewed"
    assert not MonitoredHousehold.objects.exists()


def test_overdue_alerts_escalate_to_the_township_once(cast) -> None:
    late = _alert(cast)  # raised Monday 3 March: visit due Thursday 6 March
    visited = _alert(cast, cast.h_b1_2)
    _step(visited, "visit", cast.village_cadre_b1, dt.date(2025, 3, 4), **VISIT)
    assert escalate_overdue(cast.county.prefix, now=at(dt.date(2025, 3, 6))) == 0
    assert escalate_overdue(cast.county.prefix, now=at(dt.date(2025, 3, 7))) == 1
    late.refresh_from_db()
    assert late.escalated_to == cast.township_a
    assert late.steps.filter(action="escalate").count() == 1
    # The decision deadline (20 working days: 31 March) passes for the visited one too.
    assert escalate_overdue(cast.county.prefix, now=at(dt.date(2025, 3, 31))) == 0
    assert escalate_overdue(cast.county.prefix, now=at(dt.date(2025, 4, 1))) == 1
    assert Alert.objects.get(pk=visited.pk).escalated_to == cast.township_b


def test_escalation_stays_inside_the_given_area(cast) -> None:
    _alert(cast)
    _alert(cast, cast.h_b1_2)
    assert escalate_overdue(cast.township_b.prefix, now=at(dt.date(2025, 3, 10))) == 1
    assert Alert.objects.filter(escalated_at__isnull=False).get().household == cast.h_b1_2


def test_monitoring_records_are_never_deleted(cast) -> None:
    alert = _alert(cast)
    with pytest.raises(KeptRecordError):
        alert.delete()
    with pytest.raises(KeptRecordError):
        Alert.objects.all().delete()
    with pytest.raises(KeptRecordError):
        alert.evidence.first().delete()


def test_step_records_and_signatures_are_append_only(cast) -> None:
    from fupin.registry.models import AppendOnlyError

    alert = _to_county(cast)
    record = alert.steps.first()
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        alert.steps.all().delete()
    with pytest.raises(AppendOnlyError):
        Signature.objects.all().update(sha256="0" * 64)
