"""A village cadre in a real browser: logs in, opens a card, cannot reach another village."""

from __future__ import annotations

import os
from typing import Any

import pytest
from browser_helpers import log_in

from fupin import idnumber

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def _overflows(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def test_village_cadre_opens_own_card_but_not_another_village(chromium, live_server, cast) -> None:
    member = cast.h_a1_1.members.get(relation="head")
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    try:
        log_in(page, live_server.url, "village_cadre_a1")
        assert page.locator("text=Village a1").first.is_visible()
        page.goto(f"{live_server.url}/villages/{cast.village_a1.code}/")
        page.click("text=H-a1-1")
        page.wait_for_url(f"{live_server.url}/households/H-a1-1/")
        body = page.inner_text("body")
        assert idnumber.mask(member.id_number) in body
        assert member.id_number not in page.content()
        assert "1,333.33" in body  # (3,000 + 1,500 − 500) / 3 members
        assert "Head a1-1" in body
        outside = page.goto(f"{live_server.url}/households/H-b1-1/")
        assert outside is not None and outside.status in (403, 404)
        assert "Head b1-1" not in page.content()
    finally:
        context.close()


def test_tree_opens_on_demand_through_htmx(chromium, live_server, cast) -> None:
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    try:
        log_in(page, live_server.url, "county_office")
        assert page.locator("a", has_text="Village a1").count() == 0
        page.locator("summary", has_text="Township A").click(position={"x": 2, "y": 2})
        page.locator("a", has_text="Village a1").wait_for(timeout=10_000)
        assert page.locator("a", has_text="Village a2").is_visible()
    finally:
        context.close()


def test_pages_fit_a_phone_screen(chromium, live_server, cast) -> None:
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "village_cadre_a1")
        for path in ("/", f"/villages/{cast.village_a1.code}/", "/households/H-a1-1/", "/search/"):
            page.goto(f"{live_server.url}{path}")
            assert not _overflows(page), f"{path} is wider than a 375 px screen"
        assert "人均纯收入" in page.goto(f"{live_server.url}/households/H-a1-1/").text()
    finally:
        context.close()
