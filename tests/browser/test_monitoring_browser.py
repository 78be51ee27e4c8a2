"""An alert in a real browser: department screening import → home visit → procedure → county decision."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import page_as, submit_step

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def _health_list(tmp_path: Path, cast: Any) -> Path:
    head = cast.h_a1_2.members.get(relation="head")
    day = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    path = tmp_path / "health.csv"
    path.write_text(
        "身份证号,姓名,入院日期,自付金额\n"
        f"{head.id_number},{head.name},{day},12500\n"
        f"110101199001011234,Nobody,{day},30000\n",
        encoding="utf-8",
    )
    return path


def test_an_alert_from_screening_to_the_county_decision(
    chromium, live_server, cast, tmp_path
) -> None:
    base = live_server.url
    county = page_as(chromium, base, "county_office")
    cadre = page_as(chromium, base, "village_cadre_a1")
    township = page_as(chromium, base, "township_office_a")
    try:
        # The county office imports the health-insurance list and reads the report.
        county.goto(f"{base}/monitoring/import/")
        county.select_option("#id_department", "health")
        county.set_input_files("#id_file", str(_health_list(tmp_path, cast)))
        county.click("#import-form button[type=submit]")
        county.wait_for_url("**/monitoring/import/*/")
        assert "not a valid resident ID number" in county.inner_text("#import-problems")
        raised = county.locator("#import-counts div", has_text="Alerts raised").inner_text()
        assert raised.split()[-1] == "1"
        # The village cadre finds the alert on the list, with its deadlines, and visits.
        cadre.goto(f"{base}/monitoring/")
        cadre.click("text=H-a1-2")
        cadre.wait_for_url("**/monitoring/alerts/*/")
        alert_url = cadre.url
        assert "one hospital stay with high out-of-pocket costs" in cadre.inner_text("body")
        cadre.fill("#id_visit-visitor_1", "Wang Fang")
        cadre.fill("#id_visit-visitor_2", "Li Ming")
        cadre.fill(
            "#id_visit-findings",
            "Hospital bills of 12,500 yuan seen; the head cannot work for 3 months.",
        )
        submit_step(cadre, "visit")
        assert "The step was recorded." in cadre.inner_text("body")
        cadre.check("#id_check_assets-authorised")
        submit_step(cadre, "check_assets")
        notice_from = (dt.date.today() - dt.timedelta(days=7)).isoformat()
        cadre.fill("#id_appraise-notice_from", notice_from)
        submit_step(cadre, "appraise")
        assert "The next step is taken by another office." in cadre.inner_text("body")
        # The notice is on the village's public board, the head's name masked.
        board = cadre.context.browser.new_page()
        board.goto(f"{base}/notices/village/{cast.village_a1.code}/")
        assert "Proposed for return-to-poverty monitoring" in board.inner_text("body")
        assert "Head a1-2" not in board.inner_text("body")
        board.close()
        # The township reviews; the county decides.
        township.goto(alert_url)
        submit_step(township, "township_review")
        county.goto(alert_url)
        county.fill("#id_county_approve-note", "Medical costs above the threshold; income at risk.")
        submit_step(county, "county_approve")
        body = county.inner_text("body")
        assert "This household can work but has no development measure" in body
        county.goto(f"{base}/households/H-a1-2/")
        assert "monitored" in county.inner_text("body").lower()
        county.goto(f"{base}/monitoring/dashboard/")
        assert county.inner_text("#fig-monitored").strip() == "1"
    finally:
        for page in (county, cadre, township):
            page.context.close()


def test_monitoring_pages_fit_a_phone(chromium, live_server, cast) -> None:
    page = page_as(chromium, live_server.url, "county_office", viewport=PHONE, is_mobile=True)
    try:
        for path in (
            "/monitoring/",
            "/monitoring/dashboard/",
            "/monitoring/import/",
            "/monitoring/report/",
        ):
            page.goto(f"{live_server.url}{path}")
            wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not wide, f"{path} is wider than a 375 px screen"
    finally:
        page.context.close()
