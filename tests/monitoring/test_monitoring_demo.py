"""The demo's monitoring: a cycle every year since 2020, open work at every stage of the
procedure, the watch list, screening, outcomes, pages, re-runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from typer.testing import CliRunner

from fupin.cli import app
from fupin.demo.county import build_demo_county
from fupin.monitoring.models import Alert, MonitoredHousehold, ScreeningImport, WatchEntry
from fupin.monitoring.services.deadlines import overdue_filter
from fupin.procedure.models import Notice, Objection, StepRecord
from fupin.registry.models import Household, StatusEvent
from fupin.registry.models.status import derive_status

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PENDING = ("visited", "assets_checked", "noticed", "township_reviewed")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    with translation.override("en"):
        return build_demo_county(scale=0.005, now=NOW).monitoring


def test_alerts_stand_at_every_stage_of_the_procedure(demo):
    stages = set(Alert.objects.values_list("stage", flat=True))
    assert {"reported", *PENDING, "rejected", "monitored", "risk_eliminated"} <= stages
    assert demo.alerts == Alert.objects.count()
    assert (
        demo.steps
        == StepRecord.objects.filter(procedure="monitoring").exclude(action="escalate").count()
    )


def test_every_year_since_the_campaign_has_its_monitoring(demo):
    assert demo.years == [2021, 2022, 2023, 2024, 2025, 2026]
    monitored = StatusEvent.objects.filter(kind="monitored")
    years = {timezone.localtime(e.occurred_at).year for e in monitored}
    assert years == set(demo.years)
    assert all(e.policy_hash and e.actor_id for e in monitored)
    assert MonitoredHousehold.objects.count() == demo.monitored == monitored.count()
    ended = MonitoredHousehold.objects.exclude(outcome="")
    assert all(p.until == dt.date(p.until.year, 10, 15) for p in ended)
    assert StatusEvent.objects.filter(kind="risk_eliminated").count() == demo.eliminated > 0
    # This year's October has come: the dashboard counts this year's eliminations.
    assert ended.filter(outcome="risk_eliminated", until__year=2026).exists()


def test_the_history_reaches_this_year_and_the_poor_list_closed_with_2020(demo):
    last = StatusEvent.objects.order_by("-occurred_at").first()
    assert timezone.localtime(last.occurred_at).year == 2026
    # the generated history's identifications (the demo's cases add today's, with their case)
    identified = StatusEvent.objects.filter(kind="identified").exclude(data__has_key="case")
    assert max(timezone.localtime(e.occurred_at).year for e in identified) < 2020


def test_every_household_on_the_poor_list_has_its_causes(demo):
    ever_poor = Household.objects.filter(events__kind="identified").distinct()
    assert ever_poor.exists()
    assert not ever_poor.filter(main_cause="").exists()
    never = Household.objects.exclude(pk__in=ever_poor.values("pk"))
    assert not never.exclude(main_cause="").exists()


def test_no_alert_says_both_below_and_just_above_the_line(demo):
    for causes in Alert.objects.values_list("causes", flat=True):
        assert not {"INCOME_POOR", "NEAR_LINE"} <= set(causes), causes


def test_flagged_households_beyond_the_scale_are_watched_not_alerted(demo):
    # The hospital list that comes after may raise an alert for a watched household.
    assert 0 < WatchEntry.objects.open().count() <= demo.watched
    alerted = set(Alert.objects.live().values_list("household_id", flat=True))
    assert not alerted & set(WatchEntry.objects.open().values_list("household_id", flat=True))


def test_some_alerts_are_overdue_and_escalated_and_others_on_time(demo):
    today = timezone.localdate(NOW)
    live = Alert.objects.live()
    overdue = live.filter(overdue_filter(today))
    assert overdue.exists() and live.exclude(overdue_filter(today)).exists()
    assert demo.escalated == overdue.count() == live.filter(escalated_at__isnull=False).count()
    assert all(a.escalated_to_id == a.household.village.parent_id for a in overdue)


def test_a_notice_is_up_with_an_objection_that_holds_the_procedure(demo):
    up = Notice.objects.filter(ends_on__gte=NOW.date())
    assert up.exists()
    objection = Objection.objects.get(notice__procedure="monitoring")
    assert objection.is_open and objection.notice in up


def test_the_hospital_list_matches_members_and_reports_the_rest(demo):
    record = ScreeningImport.objects.get()
    codes = sorted(p["code"] for p in record.problems)
    assert codes == ["duplicate", "unknown_id"]
    assert record.rows_below_threshold == 2 and record.alerts_raised > 0


def test_every_household_still_replays_to_its_status(demo):
    kinds: dict[int, list[str]] = {}
    for household_id, kind in StatusEvent.objects.order_by(
        "household", "occurred_at", "id"
    ).values_list("household_id", "kind"):
        kinds.setdefault(household_id, []).append(kind)
    for household in Household.objects.all():
        assert derive_status(kinds[household.pk]) == household.status


def test_registered_poor_households_get_no_alerts(demo):
    poor = Alert.objects.filter(household__status__in=("identified", "returned"))
    assert set(poor.values_list("stage", flat=True)) <= {"returned"}


def _county_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="county"))
    return client


def test_the_pages_show_the_demo(demo):
    client = _county_client()
    listing = client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    rows = listing.context["rows"]
    assert rows and rows[0]["alert"].stage == "monitored"  # monitored households rank first
    board = client.get("/monitoring/dashboard/")
    assert board.status_code == 200 and board.context["monitored_total"] > 0
    monitored = Alert.objects.filter(stage="monitored").first()
    assert client.get(f"/monitoring/alerts/{monitored.pk}/").status_code == 200
    assert client.get("/monitoring/watch/").status_code == 200
    notice = Notice.objects.filter(ends_on__gte=NOW.date()).first()
    assert Client().get(f"/notices/village/{notice.region.code}/").status_code == 200


def test_the_demo_command_loads_once_and_reuses_it(monkeypatch):
    runner = CliRunner()
    first = runner.invoke(app, ["--lang", "en", "demo", "--scale", "0.003", "--no-serve"])
    assert first.exit_code == 0, first.output
    counts = (Household.objects.count(), StatusEvent.objects.count(), Alert.objects.count())
    assert all(counts) and "monitoring alerts" in first.output
    again = runner.invoke(app, ["--lang", "en", "demo", "--scale", "0.003", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "reusing" in again.output
    assert (Household.objects.count(), StatusEvent.objects.count(), Alert.objects.count()) == counts
