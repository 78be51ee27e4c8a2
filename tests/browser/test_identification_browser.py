"""Households through identification and exit in a real browser, on a clock the test controls:
application → appraisal → first notice with an objection that is resolved → township review →
second notice → county approval → announcement; and an exit with the household's agreement."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

import pytest
from browser_helpers import page_as, submit_step
from django.utils import timezone

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Clock:
    """The pages' clock: the live server runs in this process, so the views read this one."""

    def __init__(self) -> None:
        self.moment = timezone.now()

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, days: int) -> None:
        self.moment += dt.timedelta(days=days)

    @property
    def today(self) -> str:
        return timezone.localdate(self.moment).isoformat()


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    chosen = Clock()
    monkeypatch.setattr("fupin.identification.views.cases.now", chosen)
    return chosen


def _appraise(page: Any, today: str, present: str = "21", why: str = "") -> str:
    for name, value in (("held_on", today), ("place", "village hall"), ("total", "30"),
                        ("present", present), ("votes_for", "19"), ("minutes", "agreed"),
                        ("first_secretary", "Li Wei"), ("village_head", "Wang Qiang"),
                        ("justification", why)):  # fmt: skip
        page.fill(f"#id_appraise-{name}", value)
    page.select_option("#id_appraise-main_cause", "illness")
    return submit_step(page, "appraise")


def _verify(page: Any, today: str) -> str:
    page.fill("#id_verify-verified_on", today)
    page.fill("#id_verify-verifiers", "Li Wei, Zhao Min")
    page.fill("#id_verify-findings", "income and members as declared")
    return submit_step(page, "verify")


def _notice(page: Any, action: str, today: str) -> str:
    page.fill(f"#id_{action}-notice_from", today)
    page.fill(f"#id_{action}-notice_days", "7")
    return submit_step(page, action)


def test_a_household_is_identified_through_every_stage(chromium, live_server, cast, clock):
    base = live_server.url
    cadre = page_as(chromium, base, "village_cadre_a1")
    township = page_as(chromium, base, "township_office_a")
    county = page_as(chromium, base, "county_office")
    try:
        cadre.goto(f"{base}/households/H-a1-2/")
        cadre.click("text=Identification, exit and return cases of this household")
        cadre.select_option("#id_kind", "identification")
        cadre.fill("#id_statement", "The head fell ill; the family applies.")
        cadre.check("#id_from_application")
        cadre.click("main form button[type=submit]")
        cadre.wait_for_url("**/identification/cases/*/")
        case_url = cadre.url
        why = "The head fell ill in spring; last year's income no longer holds."
        assert "fewer representatives" in _appraise(cadre, clock.today, present="19", why=why)
        assert "The step was recorded." in _appraise(cadre, clock.today, why=why)
        _verify(cadre, clock.today)
        _notice(cadre, "first_notice", clock.today)
        # Anyone objects on the village's board, without logging in.
        board = chromium.new_context(locale="en-US").new_page()
        board.goto(f"{base}/notices/village/{cast.village_a1.code}/")
        assert "Proposed as a poor household" in board.inner_text("body")
        assert "Head a1-2" not in board.inner_text("body")
        board.click("article summary")
        board.locator("article textarea").first.fill("They opened a shop last month.")
        board.click("article form button[type=submit]")
        board.wait_for_load_state()
        board.context.close()
        township.goto(case_url)
        refused = submit_step(township, "township_review")
        assert "objection" in refused.lower()
        township.click("text=record the finding")
        township.select_option("select[name=status]", "dismissed")
        township.fill("textarea[name=finding]", "The shop belongs to a cousin; visited.")
        township.click("#finding button[type=submit]")
        township.wait_for_load_state()
        township.goto(case_url)
        assert "notice" in submit_step(township, "township_review").lower()  # still up: refused
        clock.advance(8)
        township.goto(case_url)
        township.check("#id_township_review-spot_checked")
        township.fill("#id_township_review-spot_check_findings", "visited: as declared")
        assert "The step was recorded." in submit_step(township, "township_review")
        _notice(township, "second_notice", clock.today)
        clock.advance(8)
        county.goto(case_url)
        county.check("#id_county_approve-spot_checked")
        county.fill("#id_county_approve-spot_check_findings", "visited with the township")
        assert "The step was recorded." in submit_step(county, "county_approve")
        cadre.goto(case_url)
        assert "The step was recorded." in submit_step(cadre, "announce")
        cadre.goto(f"{base}/households/H-a1-2/")
        history = cadre.inner_text("body")
        assert "identified as poor" in history.lower()
        cadre.goto(case_url)
        steps = cadre.locator("ol.history li")
        assert steps.count() == 7
        assert cadre.locator("ol.history li .tag", has_text="signed").count() == 7
    finally:
        for page in (cadre, township, county):
            page.context.close()


def test_a_household_exits_with_its_signed_agreement(chromium, live_server, cast, clock):
    from fupin.registry.models import IncomeRecord

    IncomeRecord.objects.filter(household=cast.h_a1_1).update(wage_local=Decimal("60000"))
    clock.advance(400)  # not in the year the household was identified ("三不出")
    base = live_server.url
    cadre = page_as(chromium, base, "village_cadre_a1")
    township = page_as(chromium, base, "township_office_a")
    try:
        cadre.goto(f"{base}/identification/households/H-a1-1/")
        cadre.select_option("#id_kind", "exit")
        cadre.fill("#id_statement", "Income stable above the line for two years.")
        cadre.click("main form button[type=submit]")
        cadre.wait_for_url("**/identification/cases/*/")
        case_url = cadre.url
        _appraise(cadre, clock.today)
        _verify(cadre, clock.today)
        cadre.fill("#id_agree-signed_by", "Head a1-1")
        submit_step(cadre, "agree")  # the agreement box is left unticked
        assert cadre.locator("#id_agree-agreed:invalid").count() == 1  # the browser refuses it
        cadre.check("#id_agree-agreed")
        cadre.fill("#id_agree-signed_by", "Head a1-1")
        assert "The step was recorded." in submit_step(cadre, "agree")
        _notice(cadre, "notice", clock.today)
        clock.advance(8)
        township.goto(case_url)
        assert "The step was recorded." in submit_step(township, "announce")
        township.goto(f"{base}/households/H-a1-1/")
        assert "exited poverty" in township.inner_text("body").lower()
    finally:
        for page in (cadre, township):
            page.context.close()
