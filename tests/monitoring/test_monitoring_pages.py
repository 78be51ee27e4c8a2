"""The monitoring pages: scoping with the cast, the step forms, the import page, the public form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from monitoring_helpers import MONDAY, csv_bytes, head_of, policy

from fupin.monitoring.models import Alert, OwnReport, ScreeningImport
from fupin.monitoring.services.raising import Signal, raise_alert

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _client(cast, username: str) -> Client:
    client = Client()
    client.force_login(cast.users[username])
    return client


def _alert(household, causes=("HOSPITAL_OOP",)) -> Alert:
    alert, _ = raise_alert(
        Signal(household, "department", list(causes)), now=MONDAY, policy=policy()
    )
    return alert


def test_the_alert_list_shows_only_the_users_area(cast) -> None:
    _alert(cast.h_a1_2)
    _alert(cast.h_b1_2)
    county = _client(cast, "county_office").get("/monitoring/", **EN).content.decode()
    cadre = _client(cast, "village_cadre_a1").get("/monitoring/", **EN).content.decode()
    assert "H-a1-2" in county and "H-b1-2" in county
    assert "H-a1-2" in cadre and "H-b1-2" not in cadre


def test_alerts_outside_the_area_do_not_exist_for_the_user(cast) -> None:
    outside = _alert(cast.h_b1_2)
    client = _client(cast, "village_cadre_a1")
    assert client.get(f"/monitoring/alerts/{outside.pk}/").status_code == 404
    assert client.get("/monitoring/households/H-b1-2/").status_code == 404
    response = client.post(f"/monitoring/alerts/{outside.pk}/step/", {"version": 0})
    assert response.status_code == 404


def test_the_public_role_sees_no_alerts_but_the_dashboard(cast) -> None:
    alert = _alert(cast.h_a1_2)
    client = _client(cast, "public")
    assert client.get("/monitoring/").status_code == 403
    assert client.get(f"/monitoring/alerts/{alert.pk}/").status_code == 403
    dashboard = client.get("/monitoring/dashboard/", **EN)
    assert dashboard.status_code == 200
    assert "H-a1-2" not in dashboard.content.decode()


def test_only_offices_import_lists(cast) -> None:
    assert _client(cast, "village_cadre_a1").get("/monitoring/import/").status_code == 403
    assert _client(cast, "auditor").get("/monitoring/import/").status_code == 403
    assert _client(cast, "township_office_a").get("/monitoring/import/").status_code == 200


def test_overdue_alerts_are_marked_on_the_list(cast) -> None:
    _alert(cast.h_a1_2)  # raised 3 March 2025: long overdue today
    html = _client(cast, "county_office").get("/monitoring/?overdue=on", **EN).content.decode()
    assert "H-a1-2" in html and "overdue" in html


def test_filters_narrow_the_list(cast) -> None:
    _alert(cast.h_a1_2)
    _alert(cast.h_b1_2, causes=("JOB_LOSS",))
    client = _client(cast, "county_office")
    html = client.get(f"/monitoring/?region={cast.township_b.code}", **EN).content.decode()
    assert "H-b1-2" in html and "H-a1-2" not in html
    html = client.get("/monitoring/?stage=visited", **EN).content.decode()
    assert "H-b1-2" not in html and "H-a1-2" not in html


def test_a_visit_through_the_alert_page(cast) -> None:
    alert = _alert(cast.h_a1_2)
    client = _client(cast, "village_cadre_a1")
    page = client.get(f"/monitoring/alerts/{alert.pk}/", **EN).content.decode()
    assert "Home visit by two people" in page and "Second visitor" in page
    form = {
        "version": alert.version,
        "action": "visit",
        "visit-visitor_1": "Wang",
        "visit-visitor_2": "Li",
        "visit-visited_on": dt.date.today().isoformat(),
        "visit-findings": "bills seen",
    }
    response = client.post(f"/monitoring/alerts/{alert.pk}/step/", form, **EN)
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).stage == "visited"
    # the version read before the visit
    stale = {"version": alert.version, "action": "check_assets", "check_assets-authorised": "on"}
    again = client.post(f"/monitoring/alerts/{alert.pk}/step/", stale, **EN)
    assert again.status_code == 400 and "changed by someone else" in again.content.decode()


def test_a_visit_with_one_visitor_is_refused_with_the_field_named(cast) -> None:
    alert = _alert(cast.h_a1_2)
    form = {
        "version": alert.version,
        "action": "visit",
        "visit-visitor_1": "Wang",
        "visit-visited_on": "2025-03-04",
        "visit-findings": "x",
    }
    response = _client(cast, "village_cadre_a1").post(
        f"/monitoring/alerts/{alert.pk}/step/", form, **EN
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_cadre_cannot_take_the_countys_decision(cast) -> None:
    alert = _alert(cast.h_a1_2)
    Alert.objects.filter(pk=alert.pk).update(stage="township_reviewed")
    client = _client(cast, "village_cadre_a1")
    page = client.get(f"/monitoring/alerts/{alert.pk}/", **EN).content.decode()
    assert "another office" in page
    form = {"version": alert.version, "action": "county_approve", "county_approve-group": "edge"}
    assert client.post(f"/monitoring/alerts/{alert.pk}/step/", form, **EN).status_code == 400
    assert Alert.objects.get(pk=alert.pk).stage == "township_reviewed"


def test_a_visit_from_the_household_page_raises_an_alert(cast) -> None:
    client = _client(cast, "village_cadre_a1")
    form = {
        "visitor_1": "Wang",
        "visitor_2": "Li",
        "visited_on": "2025-03-04",
        "findings": "flooded",
        "causes": ["DISASTER"],
    }
    response = client.post("/monitoring/households/H-a1-2/", form, **EN)
    alert = Alert.objects.get(household=cast.h_a1_2)
    assert response.status_code == 302 and response["Location"] == f"/monitoring/alerts/{alert.pk}/"
    assert (alert.source, alert.stage) == ("visit", "visited")


def test_the_import_page_shows_the_report(cast) -> None:
    person = head_of(cast.h_a1_2)
    content = csv_bytes(
        (person.id_number, person.name, "2025-02-01", "20000"), ("123", "x", "2025-02-01", "1")
    )
    client = _client(cast, "county_office")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
    response = client.post("/monitoring/import/", {"department": "health", "file": upload}, **EN)
    record = ScreeningImport.objects.get()
    assert response.status_code == 302
    report = client.get(f"/monitoring/import/{record.pk}/", **EN).content.decode()
    assert "not a valid resident ID number" in report
    assert (
        _client(cast, "township_office_b").get(f"/monitoring/import/{record.pk}/").status_code
        == 404
    )


def test_a_file_without_the_required_column_is_refused_on_the_page(cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.csv", b"id_number,date\n", content_type="text/csv")
    response = _client(cast, "county_office").post(
        "/monitoring/import/", {"department": "health", "file": upload}, **EN
    )
    assert response.status_code == 400
    assert "the required column amount is missing" in response.content.decode()
    assert ScreeningImport.objects.count() == 0


def test_the_public_form_needs_no_login_but_a_csrf_token(cast) -> None:
    cache.clear()
    person = head_of(cast.h_a2_2)
    data = {
        "name": person.name,
        "id_number": person.id_number,
        "cause": "ILLNESS",
        "description": "In hospital since May",
    }
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/monitoring/report/").status_code == 200
    assert strict.post("/monitoring/report/", data).status_code == 403
    response = Client().post("/monitoring/report/", data, **EN)
    assert response.status_code == 200
    report = OwnReport.objects.get()
    assert report.reference in response.content.decode()
    assert report.alert is not None


def test_the_public_form_validates_and_answers_the_same_without_a_match(cast) -> None:
    cache.clear()
    client = Client()
    bad = client.post(
        "/monitoring/report/",
        {"name": "A", "id_number": "123", "cause": "ILLNESS", "description": "hello"},
        **EN,
    )
    assert bad.status_code == 400 and "not a valid resident ID number" in bad.content.decode()
    person = head_of(cast.h_a2_2)
    data = {
        "name": "Not The Name",
        "id_number": person.id_number,
        "cause": "ILLNESS",
        "description": "hello there",
    }
    answer = client.post("/monitoring/report/", data, **EN)
    assert answer.status_code == 200 and "Report received" in answer.content.decode()
    assert not Alert.objects.exists()


def test_the_public_form_is_rate_limited(cast) -> None:
    cache.clear()
    client = Client()
    data = {"name": "A", "id_number": "1", "cause": "ILLNESS", "description": "hello"}
    codes = [client.post("/monitoring/report/", data).status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]


def test_the_dashboard_counts_and_draws_the_villages(cast) -> None:
    alert = _alert(cast.h_a1_2)
    from fupin.monitoring.models import MonitoredHousehold

    Alert.objects.filter(pk=alert.pk).update(stage="monitored")
    MonitoredHousehold.objects.create(
        household=cast.h_a1_2, alert=alert, group="edge", since=dt.date(2025, 3, 20)
    )
    html = _client(cast, "county_office").get("/monitoring/dashboard/", **EN).content.decode()
    assert 'id="fig-monitored">1<' in html
    assert html.count('class="m-tile"') == 4
    # Village a1's register: one poor household of three; three of them monitored.
    assert "Village a1: 3 / 3 (100%)" in html
    assert "<script" not in html.split("</head>")[1]  # no external or inline scripts in the page


def test_the_scale_is_the_countys_on_every_list(cast) -> None:
    # County bound: floor(5% × 12 registered people) = 0, so every alerted household is beyond
    # it, and the village cadre sees the same rank and mark as the county office.
    risky = _alert(cast.h_b1_2)
    Alert.objects.filter(pk=risky.pk).update(risk=0.9)
    _alert(cast.h_a1_2)
    county = _client(cast, "county_office").get("/monitoring/", **EN).content.decode()
    cadre = _client(cast, "village_cadre_a1").get("/monitoring/", **EN).content.decode()
    assert county.index("H-b1-2") < county.index("H-a1-2")
    assert "monitored-scale bound: 0." in county and "monitored-scale bound: 0." in cadre
    assert "beyond the scale" in cadre
    assert '<td data-label="Rank" class="num">2' in cadre


def test_a_step_without_a_version_is_stale(cast) -> None:
    alert = _alert(cast.h_a1_2)
    form = {
        "action": "visit",
        "visit-visitor_1": "Wang",
        "visit-visitor_2": "Li",
        "visit-visited_on": "2025-03-04",
        "visit-findings": "x",
    }
    response = _client(cast, "village_cadre_a1").post(
        f"/monitoring/alerts/{alert.pk}/step/", form, **EN
    )
    assert response.status_code == 400
    assert Alert.objects.get(pk=alert.pk).stage == "reported"


def test_only_field_roles_record_measures(cast) -> None:
    from fupin.monitoring.models import MonitoredHousehold

    alert = _alert(cast.h_a1_2)
    Alert.objects.filter(pk=alert.pk).update(stage="monitored")
    MonitoredHousehold.objects.create(
        household=cast.h_a1_2, alert=alert, group="edge", since=dt.date(2025, 3, 20)
    )
    data = {"kind": "employment", "started_on": "2025-04-01", "note": "factory job"}
    assert (
        _client(cast, "auditor").post(f"/monitoring/alerts/{alert.pk}/measures/", data).status_code
        == 403
    )
    response = _client(cast, "paired_helper_a1").post(
        f"/monitoring/alerts/{alert.pk}/measures/", data
    )
    assert response.status_code == 302
    page = (
        _client(cast, "county_office").get(f"/monitoring/alerts/{alert.pk}/", **EN).content.decode()
    )
    assert "employment support" in page and "no development measure" not in page


def test_the_township_finds_its_escalated_alerts(cast) -> None:
    from monitoring_helpers import at

    from fupin.monitoring.services.escalation import escalate_overdue

    _alert(cast.h_a1_2)
    _alert(cast.h_a2_2)
    Alert.objects.filter(household=cast.h_a2_2).update(
        visit_due=dt.date(2099, 1, 1), decision_due=dt.date(2099, 1, 1)
    )
    assert escalate_overdue(cast.county.prefix, now=at(dt.date(2025, 3, 10))) == 1
    html = (
        _client(cast, "township_office_a").get("/monitoring/?escalated=on", **EN).content.decode()
    )
    assert "H-a1-2" in html and "H-a2-2" not in html
    assert "escalated to the township" in html


def test_the_watch_list_is_listed_filtered_and_exported(cast) -> None:
    from fupin.monitoring.services.raising import raise_signals

    raise_signals(
        [
            Signal(cast.h_a1_2, "kernel", ["INCOME_POOR"]),
            Signal(cast.h_b1_2, "kernel", ["NEAR_LINE"]),
        ],
        now=MONDAY,
        bounded=True,
    )
    county = _client(cast, "county_office")
    html = county.get("/monitoring/watch/", **EN).content.decode()
    assert html.index("H-a1-2") < html.index("H-b1-2")  # the more severe first
    assert "2 households on the watch list" in html
    near = county.get("/monitoring/watch/?cause=NEAR_LINE", **EN).content.decode()
    assert "H-b1-2" in near and "H-a1-2" not in near
    cadre = _client(cast, "village_cadre_a1").get("/monitoring/watch/", **EN).content.decode()
    assert "H-a1-2" in cadre and "H-b1-2" not in cadre
    exported = county.get("/exports/monitoring.watch/?format=csv", **EN)
    lines = b"".join(exported.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("household number,head of household,village code,village,causes")
    assert lines[1].startswith("H-a1-2,Head a1-2,990102001001,Village a1,")
    assert len(lines) == 3
    assert _client(cast, "public").get("/monitoring/watch/").status_code == 403
