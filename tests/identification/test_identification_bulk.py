"""Opening cases in bulk from the rules' decisions, as a background job, and the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from fupin.identification.models import Case
from fupin.identification.services.bulk import open_from_decisions
from fupin.identification.tasks import OPEN_CASES
from fupin.jobs.models import Job
from fupin.jobs.services.runs import start_job
from fupin.registry.models import IncomeRecord

pytestmark = pytest.mark.django_db


def _income(household, wage: str) -> None:  # type: ignore[no-untyped-def]
    IncomeRecord.objects.filter(household=household).update(wage_local=Decimal(wage))


def test_the_rules_decisions_open_one_case_each_and_a_second_run_opens_none(cast):
    _income(cast.h_a2_2, "100")  # registered, now income-poor: identify
    _income(cast.h_a1_1, "60000")  # identified, now well above the line: exit
    summary = open_from_decisions(cast.county, actor=cast.county_office, now=timezone.now())
    opened = {(c.household.number, c.kind, c.decision) for c in Case.objects.all()}
    assert ("H-a2-2", "identification", "identify") in opened
    assert ("H-a1-1", "exit", "exit") in opened
    assert summary.considered == 8
    assert sum(summary.opened.values()) == len(opened)
    case = Case.objects.get(household=cast.h_a2_2)
    assert case.origin == "kernel" and case.policy_hash and case.stage == "applied"
    assert "below the poverty line" in case.evidence["decision"]["reasons"]["en"]
    assert "贫困线" in case.evidence["decision"]["reasons"]["zh-hans"]
    again = open_from_decisions(cast.county, actor=cast.county_office, now=timezone.now())
    assert sum(again.opened.values()) == 0 and again.already_open == len(opened)
    assert Case.objects.count() == len(opened)


def test_a_township_opens_only_its_own_villages(cast):
    _income(cast.h_a2_2, "100")
    _income(cast.h_b1_2, "100")
    open_from_decisions(cast.township_a, actor=cast.township_office_a, now=timezone.now())
    assert set(Case.objects.values_list("household__number", flat=True)) == {"H-a2-2"}


def test_the_bulk_opening_runs_as_a_job_for_offices_only(cast, django_capture_on_commit_callbacks):
    _income(cast.h_a2_2, "100")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(OPEN_CASES, {"region": cast.county.code}, actor=cast.county_office,
                        region=cast.county, now=timezone.now())  # fmt: skip
    job = Job.objects.get(pk=job.pk)
    assert job.status == "done" and job.result["identification"] == 1
    from fupin.procedure.errors import NotAllowed

    with pytest.raises(NotAllowed):
        start_job(OPEN_CASES, {"region": cast.village_a1.code}, actor=cast.village_cadre_a1,
                  region=cast.village_a1, now=timezone.now())  # fmt: skip


def test_the_pages_list_show_and_step_a_case(cast, client):
    from fupin.identification.services.opening import open_case

    case = open_case(cast.h_a1_2.pk, "identification", actor=cast.village_cadre_a1,
                     now=timezone.now(), statement="applied at the village office")  # fmt: skip
    client.force_login(cast.village_cadre_a1)
    client.cookies["django_language"] = "en"
    listed = client.get("/identification/")
    assert listed.status_code == 200 and "H-a1-2" in listed.content.decode()
    page = client.get(f"/identification/cases/{case.pk}/").content.decode()
    assert "applied at the village office" in page and 'name="appraise-present"' in page
    today = timezone.localdate().isoformat()
    form = {"action": "appraise", "version": case.version, "appraise-held_on": today,
            "appraise-place": "hall", "appraise-total": 30, "appraise-present": 19,
            "appraise-votes_for": 19, "appraise-votes_against": 0, "appraise-abstentions": 0,
            "appraise-minutes": "agreed", "appraise-first_secretary": "Li",
            "appraise-village_head": "Wang",
            "appraise-justification": "income collapsed after an illness",
            "appraise-main_cause": "illness"}  # fmt: skip
    refused = client.post(f"/identification/cases/{case.pk}/step/", form)
    assert refused.status_code == 400 and "quorum" in refused.content.decode()
    taken = client.post(f"/identification/cases/{case.pk}/step/", {**form, "appraise-present": 20})
    assert taken.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == "appraised"
    stale = client.post(f"/identification/cases/{case.pk}/step/", {**form, "appraise-present": 20})
    assert stale.status_code == 400  # the form's version is old, and the stage has moved on
    client.force_login(cast.village_cadre_b1)
    assert client.get(f"/identification/cases/{case.pk}/").status_code == 404


def test_the_household_page_opens_a_case_and_the_card_links_to_it(cast, client):
    client.force_login(cast.village_cadre_a1)
    card = client.get(f"/households/{cast.h_a1_2.number}/").content.decode()
    assert f"/identification/households/{cast.h_a1_2.number}/" in card
    response = client.post(f"/identification/households/{cast.h_a1_2.number}/",
                           {"kind": "identification", "statement": "applied",
                            "from_application": "on"})  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.origin == "application" and case.opened_by == cast.village_cadre_a1
