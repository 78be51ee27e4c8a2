"""Logging in and out with CSRF protection, and every page in both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/regions/990102001000/",
    "/villages/990102001001/",
    "/households/H-a1-1/",
    "/search/?q=Head",
)


def test_login_form_carries_a_csrf_token() -> None:
    html = Client().get("/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="username"' in html and 'name="password"' in html


def test_login_without_csrf_token_is_refused(cast) -> None:
    from cast import CAST_PASSWORD

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "county_office", "password": CAST_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_login_with_token_then_logout(cast) -> None:
    from cast import CAST_PASSWORD

    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/login/",
        {"username": "village_cadre_a1", "password": CAST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_told_in_the_users_language(cast) -> None:
    en = Client().post(
        "/login/", {"username": "county_office", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "did not match" in en.content.decode()
    zh = Client().post(
        "/login/", {"username": "county_office", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "用户名或密码不正确" in zh.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_in_english(cast, url: str) -> None:
    client = Client()
    client.force_login(cast.users["county_office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Log out" in html and "退出登录" not in html


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_in_chinese(cast, url: str) -> None:
    client = Client()
    client.force_login(cast.users["county_office"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "退出登录" in html and "Log out" not in html


def test_card_headings_are_translated(cast) -> None:
    client = Client()
    client.force_login(cast.users["county_office"])
    zh = client.get("/households/H-a1-1/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for heading in ("家庭成员", "人均纯收入", "状态记录", "致贫原因"):
        assert heading in zh
    en = client.get("/households/H-a1-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for heading in ("Members", "Per-capita net income", "Status history", "Causes of poverty"):
        assert heading in en


def test_language_switcher_sets_the_language(cast) -> None:
    client = Client()
    client.force_login(cast.users["county_office"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert "Log out" in client.get("/search/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_htmx_is_served_locally_not_from_a_cdn() -> None:
    html = Client().get("/login/").content.decode()
    assert "/static/django_htmx/htmx" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_system_reasons_in_the_history_follow_the_readers_language(cast) -> None:
    from fupin.registry.services.households import append_event

    household = cast.h_a1_2
    append_event(household, "identified", reason="registered in the back office")
    append_event(household, "exited", reason="房屋已修缮 / house repaired")
    client = Client()
    client.force_login(cast.users["county_office"])
    zh = client.get("/households/H-a1-2/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get("/households/H-a1-2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "在后台登记" in zh and "registered in the back office" not in zh
    assert "registered in the back office" in en
    assert "房屋已修缮 / house repaired" in zh and "房屋已修缮 / house repaired" in en
