"""The memo behind big alert lists: reused while alerts are unchanged, recomputed after a step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from fupin.demo import monitoring_steps as demo_steps
from fupin.demo.monitoring import load_demo_monitoring
from fupin.demo.users import county_user_id as _county_user_id
from fupin.monitoring.models import Alert
from fupin.monitoring.selectors import memo
from fupin.monitoring.selectors.scale import county_ranking, registered_population
from fupin.registry.models import Member, Region
from fupin.registry.selectors.policies import policy_for_region
from fupin.registry.services.loader.panel import load_panel
from fupin.synth.panel import demo_panel

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(monkeypatch):
    panel = demo_panel(seed=11, scale=0.003, years=range(2014, 2027), until=NOW.date())
    load_panel(panel, actor=_county_user_id)
    load_demo_monitoring(panel, now=NOW)
    memo.forget()
    monkeypatch.setattr(memo, "LARGE", 0)  # the memo's path even for this small county
    yield Region.objects.get(level="county")
    memo.forget()


def test_the_ranking_is_reused_until_an_alert_changes(county):
    policy = policy_for_region(county)
    codes = {county.code[:6]}
    first = county_ranking(codes, policy)
    again = county_ranking(codes, policy)
    alert = Alert.objects.filter(stage="reported").order_by("id").first()
    assert again.by_alert[alert.pk] is first.by_alert[alert.pk]
    clock = demo_steps.DemoClock(NOW, get_user_model().objects.get(username="county"))
    demo_steps.step(alert, "visit", NOW, clock)
    after = county_ranking(codes, policy)
    assert after.by_alert[alert.pk] is not first.by_alert[alert.pk]
    assert after.by_alert[alert.pk].alert.stage == "visited"


def test_a_new_member_changes_the_remembered_population(county):
    before = registered_population(county.prefix)
    member = Member.objects.filter(
        active=True, household__status="exited"
    ).first()  # on the register
    member.pk = None
    member.id_number = "110101196105170079"
    member.save()
    assert registered_population(county.prefix) == before + 1


def test_the_list_shows_the_new_stage_at_once(county):
    client = Client()
    client.force_login(get_user_model().objects.get(username="county"))
    assert client.get("/monitoring/").status_code == 200
    alert = Alert.objects.filter(stage="reported").order_by("id").first()
    clock = demo_steps.DemoClock(NOW, get_user_model().objects.get(username="county"))
    demo_steps.step(alert, "visit", NOW, clock)
    page = client.get("/monitoring/?stage=visited")
    assert alert.pk in {row["alert"].pk for row in page.context["rows"]}
