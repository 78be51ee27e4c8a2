"""Cases through their procedures on the database: the walk, the objection block, the quorum, the
exclusions, "三不出", concurrency and scope."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from fupin.identification.models import Case
from fupin.identification.selectors import steps_of
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step
from fupin.procedure.errors import NotAllowed, ProcedureError, StaleVersion
from fupin.procedure.models import Notice
from fupin.procedure.services.notices import raise_objection, resolve_objection
from fupin.registry.models import Household, StatusEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)


def day(n: int) -> dt.datetime:
    """``n`` days after the start, on the test's own clock."""
    return START + dt.timedelta(days=n)


APPRAISAL = {"held_on": START.date(), "place": "village hall", "total": 30, "present": 21,
             "votes_for": 18, "votes_against": 2, "abstentions": 1, "minutes": "agreed",
             "first_secretary": "Li", "village_head": "Wang", "main_cause": "illness",
             # the cast's households are not income-poor: identifying one needs a reason
             "justification": "the head fell ill this spring; income has collapsed"}  # fmt: skip


def _step(case: Case, action: str, actor, when: dt.datetime, **data) -> Case:  # type: ignore[no-untyped-def]
    fresh = Case.objects.get(pk=case.pk)
    return take_step(case.pk, action, actor=actor, now=when, expected_version=fresh.version,
                     data=data)  # fmt: skip


def _notice(case: Case) -> Notice:
    return Notice.objects.filter(subject_id=case.pk).order_by("-id").first()


def _open(cast, household=None, kind="identification", actor=None) -> Case:  # type: ignore[no-untyped-def]
    return open_case((household or cast.h_a1_2).pk, kind, actor=actor or cast.village_cadre_a1,
                     now=START, statement="the household applied")  # fmt: skip


def test_a_household_walks_identification_end_to_end(cast):
    cadre, township, county = cast.village_cadre_a1, cast.township_office_a, cast.county_office
    case = _open(cast)
    assert case.stage == "applied" and case.decision == "none" and case.policy_hash
    case = _step(case, "appraise", cadre, day(0), **APPRAISAL)
    case = _step(case, "verify", cadre, day(1), verified_on=day(1).date(), verifiers="Li, Zhao",
                 findings="as declared")  # fmt: skip
    case = _step(case, "first_notice", cadre, day(2), notice_from=day(2).date(), notice_days=7)
    objection = raise_objection(_notice(case), text="they own a shop", now=day(3))
    with pytest.raises(ProcedureError):  # the notice is up, and an objection is open
        _step(case, "township_review", township, day(5))
    with pytest.raises(ProcedureError):  # the notice is down, but the objection is still open
        _step(case, "township_review", township, day(9))
    resolve_objection(objection.pk, status="dismissed", finding="the shop is a relative's",
                      actor=township, now=day(9), expected_version=objection.version)  # fmt: skip
    case = _step(case, "township_review", township, day(9), spot_checked=True,
                 spot_check_findings="visited, as declared")  # fmt: skip
    case = _step(case, "second_notice", township, day(10), notice_from=day(10).date(),
                 notice_days=7)  # fmt: skip
    with pytest.raises(ProcedureError):
        _step(case, "county_approve", county, day(12))
    with pytest.raises(ProcedureError) as refused:  # the county's first review of the year
        _step(case, "county_approve", county, day(17))
    assert "spot check" in " ".join(m for _f, m in refused.value.errors)
    case = _step(case, "county_approve", county, day(17), spot_checked=True,
                 spot_check_findings="visited with the township")  # fmt: skip
    case = _step(case, "announce", cadre, day(18))
    assert case.stage == "announced" and case.closed_at == day(18)
    household = Household.objects.get(pk=cast.h_a1_2.pk)
    assert household.status == "identified"
    event = StatusEvent.objects.filter(household=household).order_by("-id").first()
    assert event.kind == "identified" and event.data["case"] == case.pk
    assert household.main_cause == "illness"  # named at the appraisal, on the card now
    steps = list(steps_of(case))
    assert [s.action for s in steps] == ["appraise", "verify", "first_notice", "township_review",
                                         "second_notice", "county_approve", "announce"]  # fmt: skip
    assert all(s.signature is not None for s in steps)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"present": 19}, "present"), ({"votes_for": 10, "votes_against": 10}, "votes_for"),
     ({"first_secretary": ""}, "first_secretary"), ({"village_head": ""}, "village_head"),
     ({"held_on": START.date() + dt.timedelta(days=1)}, "held_on")],
)  # fmt: skip
def test_an_appraisal_without_quorum_majority_or_signatories_is_refused(cast, changes, field):
    case = _open(cast)
    with pytest.raises(ProcedureError) as refused:
        _step(case, "appraise", cast.village_cadre_a1, day(0), **{**APPRAISAL, **changes})
    assert field in {f for f, _m in refused.value.errors}
    assert Case.objects.get(pk=case.pk).stage == "applied"


def test_an_exclusion_hit_needs_a_justification_and_it_is_signed(cast):
    household = cast.h_a1_2
    if not hasattr(household, "owns_vehicle"):
        pytest.fail("the registry has no exclusion facts")
    Household.objects.filter(pk=household.pk).update(owns_vehicle=True)
    case = _open(cast)
    assert case.exclusions == ["vehicle"]
    with pytest.raises(ProcedureError):
        _step(case, "appraise", cast.village_cadre_a1, day(0), **{**APPRAISAL, "justification": ""})
    case = _step(case, "appraise", cast.village_cadre_a1, day(0),
                 **{**APPRAISAL, "justification": "the car was sold in 2024"})  # fmt: skip
    (step,) = steps_of(case)
    assert step.data["justification"] == "the car was sold in 2024" and step.signature


def test_no_exit_in_the_year_of_identification(cast):
    household = cast.h_a1_1  # identified
    identified = StatusEvent.objects.get(household=household, kind="identified").occurred_at
    case = _open(cast, household, kind="exit")
    with pytest.raises(ProcedureError) as refused:
        _step(case, "appraise", cast.village_cadre_a1, identified, **APPRAISAL)
    messages = " ".join(m for _f, m in refused.value.errors)
    assert "not exit" in messages  # the rules decided 'remain'
    assert "year the household was identified" in messages


def test_two_officials_at_once_one_succeeds_the_other_is_told(cast):
    case = _open(cast)
    first = take_step(case.pk, "appraise", actor=cast.village_cadre_a1, now=day(0),
                      expected_version=case.version, data=APPRAISAL)  # fmt: skip
    with pytest.raises(StaleVersion):
        take_step(case.pk, "reject_applied", actor=cast.township_office_a, now=day(0),
                  expected_version=case.version, data={"reason": "no"})  # fmt: skip
    assert Case.objects.get(pk=case.pk).stage == first.stage == "appraised"


def test_roles_and_regions_bound_who_opens_and_steps(cast):
    with pytest.raises(NotAllowed):
        _open(cast, actor=cast.village_cadre_b1)  # another village
    case = _open(cast)
    with pytest.raises(NotAllowed):
        _step(case, "appraise", cast.village_cadre_b1, day(0), **APPRAISAL)
    with pytest.raises(NotAllowed):  # a cadre cannot reject; an office can
        _step(case, "reject_applied", cast.village_cadre_a1, day(0), reason="no")
    assert _step(case, "reject_applied", cast.township_office_a, day(0), reason="no").stage == (
        "rejected"
    )


def test_one_open_case_of_a_kind_per_household(cast):
    _open(cast)
    with pytest.raises(ProcedureError):
        _open(cast)
    with pytest.raises(ProcedureError):  # a registered household has no exit to make
        _open(cast, kind="exit")


def test_a_fact_recorded_after_opening_is_checked_at_the_appraisal(cast):
    case = _open(cast)
    assert case.exclusions == []
    cast.h_a1_2.members.filter(relation="spouse").update(on_state_payroll=True)
    with pytest.raises(ProcedureError) as refused:
        _step(case, "appraise", cast.village_cadre_a1, day(0), **{**APPRAISAL, "justification": ""})
    assert "exclusion rule" in " ".join(m for _f, m in refused.value.errors)


def _to_first_notice(cast, case: Case, cadre=None) -> Case:  # type: ignore[no-untyped-def]
    cadre = cadre or cast.village_cadre_a1
    case = _step(case, "appraise", cadre, day(0), **APPRAISAL)
    case = _step(case, "verify", cadre, day(1), verified_on=day(1).date(), verifiers="Li",
                 findings="as declared")  # fmt: skip
    return _step(case, "first_notice", cadre, day(2), notice_from=day(2).date(), notice_days=7)


def test_an_upheld_objection_stops_the_case_until_it_is_rejected(cast):
    case = _to_first_notice(cast, _open(cast))
    objection = raise_objection(_notice(case), text="they own two lorries", now=day(3))
    resolve_objection(objection.pk, status="upheld", finding="two lorries registered",
                      actor=cast.township_office_a, now=day(4), expected_version=objection.version)  # fmt: skip
    with pytest.raises(ProcedureError) as refused:
        _step(case, "township_review", cast.township_office_a, day(10))
    assert "upheld" in " ".join(m for _f, m in refused.value.errors)
    assert _step(case, "reject_first_notice", cast.township_office_a, day(10),
                 reason="objection upheld").stage == "rejected"  # fmt: skip


def test_whoever_posted_a_notice_may_not_judge_an_objection_to_it(cast):
    from fupin.procedure.models import Objection

    township = cast.township_office_a
    case = _to_first_notice(cast, _open(cast), cadre=township)  # the township posted it
    objection = raise_objection(_notice(case), text="they own a shop", now=day(3))
    with pytest.raises(ProcedureError, match="you posted this notice"):
        resolve_objection(objection.pk, status="dismissed", finding="no shop", actor=township,
                          now=day(4), expected_version=objection.version)  # fmt: skip
    assert Objection.objects.get(pk=objection.pk).is_open
    resolve_objection(objection.pk, status="dismissed", finding="no shop",
                      actor=cast.county_office, now=day(4), expected_version=objection.version)  # fmt: skip
    assert not Objection.objects.get(pk=objection.pk).is_open


def test_a_notice_shorter_than_the_policys_days_is_refused(cast):
    case = _open(cast)
    case = _step(case, "appraise", cast.village_cadre_a1, day(0), **APPRAISAL)
    case = _step(case, "verify", cast.village_cadre_a1, day(1), verified_on=day(1).date(),
                 verifiers="Li", findings="as declared")  # fmt: skip
    with pytest.raises(ProcedureError):
        _step(case, "first_notice", cast.village_cadre_a1, day(2), notice_from=day(2).date(),
              notice_days=5)  # fmt: skip


def test_a_status_changed_meanwhile_refuses_the_announcement_cleanly(cast):
    from fupin.registry.services.households import append_event

    cadre, township, county = cast.village_cadre_a1, cast.township_office_a, cast.county_office
    case = _to_first_notice(cast, _open(cast))
    spot = {"spot_checked": True, "spot_check_findings": "visited"}
    case = _step(case, "township_review", township, day(10), **spot)
    case = _step(case, "second_notice", township, day(10), notice_from=day(10).date(),
                 notice_days=7)  # fmt: skip
    case = _step(case, "county_approve", county, day(18), **spot)
    household = Household.objects.get(pk=cast.h_a1_2.pk)
    append_event(household, "monitored", actor=county)  # monitoring took it in meanwhile
    with pytest.raises(ProcedureError):
        _step(case, "announce", cadre, day(19))
    assert Case.objects.get(pk=case.pk).stage == "county_approved"


def test_a_correction_changes_the_card_as_proposed_and_never_over_a_newer_edit(cast):
    from fupin.registry.models import FieldChange
    from fupin.registry.services.corrections import correct_household

    with pytest.raises(ProcedureError):  # the area is not a correction's to change
        open_case(cast.h_a1_2.pk, "correction", actor=cast.village_cadre_a1, now=START,
                  statement="moved", changes={"village": cast.village_b1.pk})  # fmt: skip
    case = open_case(cast.h_a1_2.pk, "correction", actor=cast.village_cadre_a1, now=START,
                     statement="land surveyed again", changes={"land_mu": 6.5})  # fmt: skip
    case = _step(case, "verify", cast.village_cadre_a1, day(1), verified_on=day(1).date(),
                 verifiers="Li", findings="survey seen")  # fmt: skip
    stale = open_case(cast.h_a2_2.pk, "correction", actor=cast.village_cadre_a2, now=START,
                      statement="land", changes={"land_mu": 3.0})  # fmt: skip
    stale = _step(stale, "verify", cast.village_cadre_a2, day(1), verified_on=day(1).date(),
                  verifiers="Li", findings="seen")  # fmt: skip
    other = Household.objects.get(pk=cast.h_a2_2.pk)
    correct_household(other, {"land_mu": 2.0}, actor=cast.county_office,
                      expected_version=other.version, reason="edited on the card")  # fmt: skip
    with pytest.raises(ProcedureError):
        _step(stale, "approve", cast.township_office_a, day(2))
    case = _step(case, "approve", cast.township_office_a, day(2))
    assert case.stage == "corrected"
    assert Household.objects.get(pk=cast.h_a1_2.pk).land_mu == 6.5
    change = FieldChange.objects.filter(household=cast.h_a1_2, field="land_mu").get()
    assert change.new_value == 6.5 and change.reason == "land surveyed again"


def test_an_application_can_be_withdrawn_with_a_reason(cast):
    case = _open(cast)
    with pytest.raises(ProcedureError):
        _step(case, "withdraw", cast.village_cadre_a1, day(1), reason="")
    case = _step(case, "withdraw", cast.village_cadre_a1, day(1), reason="the household withdrew")
    assert case.stage == "withdrawn" and case.closed_at is not None
    _open(cast)  # a closed case does not block a new one


def test_a_township_spot_checks_at_least_the_policys_share_of_its_reviews(cast):
    township = cast.township_office_a
    spot = {"spot_checked": True, "spot_check_findings": "visited"}
    first = _to_first_notice(cast, _open(cast))
    with pytest.raises(ProcedureError):  # 0 of 1 reviews would be spot-checked: under 20 %
        _step(first, "township_review", township, day(10))
    _step(first, "township_review", township, day(10), **spot)
    a2 = cast.village_cadre_a2
    second = _to_first_notice(cast, _open(cast, cast.h_a2_2, actor=a2), a2)
    # 1 of 2 spot-checked is 50 %: this one need not be
    assert _step(second, "township_review", township, day(10)).stage == "township_reviewed"
