"""The demo's monitoring content: alerts at every stage, screening, outcomes, pages, re-runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from typer.testing import CliRunner

from fupin.cli import app
from fupin.demo.monitoring import load_demo_alerts
from fupin.demo.users import county_user_id as _county_user_id
from fupin.monitoring.models import Alert, MonitoredHousehold, ScreeningImport
from fupin.monitoring.services.deadlines import overdue_filter
from fupin.procedure.models import StepRecord
from fupin.registry.models import Household, StatusEvent
from fupin.registry.models.status import derive_status
from fupin.registry.services.loader.panel import load_panel
from fupin.synth.panel import demo_panel

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PENDING = ("visited", "assets_checked", "noticed", "township_reviewed")


@pytest.fixture(scope="module")
def panel():
    return demo_panel(seed=2014, scale=0.005)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(panel):
    with translation.override("en"):
        load_panel(panel, actor=_county_user_id)
        return load_demo_alerts(panel, now=NOW)


def test_alerts_stand_at_every_stage_of_the_procedure(demo):
    stages = set(Alert.objects.values_list("stage", flat=True))
    assert {"reported", *PENDING, "rejected", "monitored"} <= stages
    assert (
        demo.alerts == Alert.objects.count()
        and demo.steps == StepRecord.objects.exclude(action="escalate").count()
    )


def test_some_alerts_are_overdue_and_escalated_and_others_on_time(demo):
    today = timezone.localdate(NOW)
    live = Alert.objects.live()
    overdue = live.filter(overdue_filter(today))
    assert overdue.exists() and live.exclude(overdue_filter(today)).exists()
    assert demo.escalated == overdue.count() == live.filter(escalated_at__isnull=False).count()
    assert all(a.escalated_to_id == a.household.village.parent_id for a in overdue)


def test_the_hospital_list_matches_members_and_reports_the_rest(demo):
    record = ScreeningImport.objects.get()
    codes = sorted(p["code"] for p in record.problems)
    assert codes == ["duplicate", "unknown_id"]
    assert record.rows_below_threshold == 2 and record.alerts_raised > 0
    assert Alert.objects.filter(source="department").count() == record.alerts_raised


def test_the_finished_year_goes_through_the_status_history(demo):
    periods = MonitoredHousehold.objects.select_related("household")
    assert periods.count() == demo.monitored > 0
    monitored_events = StatusEvent.objects.filter(kind="monitored")
    assert monitored_events.count() == demo.monitored
    assert {timezone.localtime(e.occurred_at).year for e in monitored_events} == {2020}
    assert all(e.policy_hash and e.actor_id for e in monitored_events)
    eliminated = periods.filter(outcome="risk_eliminated")
    assert eliminated.count() == demo.eliminated >= 1
    assert StatusEvent.objects.filter(kind="risk_eliminated").count() == demo.eliminated
    assert all(p.until == dt.date(2020, 12, 15) for p in periods.exclude(outcome=""))
    assert all(p.measures.filter(kind="employment").exists() for p in periods)


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
    assert len(rows) == 50 and [r["rank"] for r in rows] == list(range(1, 51))
    assert rows[0]["alert"].stage == "monitored"  # monitored households rank first
    board = client.get("/monitoring/dashboard/")
    assert board.status_code == 200 and board.context["monitored_total"] > 0
    monitored = Alert.objects.filter(stage="monitored").first()
    assert client.get(f"/monitoring/alerts/{monitored.pk}/").status_code == 200
    returned = StatusEvent.objects.filter(kind="returned").first().household
    card = client.get(f"/households/{returned.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert card.status_code == 200
    assert "returned to poverty" in card.content.decode()


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
