"""Every list page as CSV and xlsx, in the reader's scope; long lists as a job whose file only
its reader downloads, for a week."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from fupin.exports.services import exports as service
from fupin.jobs.models import Job
from fupin.monitoring.services.raising import Signal, raise_alert
from fupin.registry.selectors.policies import policy_for

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MONDAY = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(**EN)
    client.force_login(user)
    return client


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _alerts(cast) -> None:  # type: ignore[no-untyped-def]
    for household in (cast.h_a1_2, cast.h_b1_2):
        raise_alert(Signal(household, "department", ["HOSPITAL_OOP"]), now=MONDAY,
                    policy=policy_for("990102000000", {"western"}))  # fmt: skip


def test_a_villages_households_in_both_formats(cast):
    county = _client(cast.county_office)
    rows = _csv(county.get("/exports/registry.households/?region=990102001001&format=csv"))
    assert rows[0] == ["household number", "village code", "village", "group",
                       "head of household", "members", "status"]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["H-a1-1", "H-a1-2"]
    assert rows[1][4:6] == ["Head a1-1", "3"]
    sheet = _xlsx(county.get("/exports/registry.households/?region=990102001000&format=xlsx"))
    assert [r[0] for r in sheet[1:]] == ["H-a1-1", "H-a1-2", "H-a2-1", "H-a2-2"]
    assert sheet[1][5] == 3  # a number stays a number
    poor = _csv(county.get("/exports/registry.households/?region=990102000000&poor=1&format=csv"))
    assert [r[0] for r in poor[1:]] == ["H-a1-1", "H-a2-1", "H-b1-1", "H-b2-1"]


@pytest.mark.parametrize(
    ("name", "column"),
    [("registry.households", 0), ("monitoring.alerts", 2), ("identification.cases", 1)],
)
def test_an_export_keeps_to_the_readers_area(cast, name, column):
    from fupin.identification.services.opening import open_case

    _alerts(cast)
    for household in (cast.h_a1_2, cast.h_b1_2):
        open_case(household.pk, "identification", actor=cast.county_office, now=MONDAY,
                  statement="applied")  # fmt: skip
    county = {r[column] for r in _csv(_client(cast.county_office).get(
        f"/exports/{name}/?format=csv"))[1:]}  # fmt: skip
    cadre = {r[column] for r in _csv(_client(cast.village_cadre_a1).get(
        f"/exports/{name}/?format=csv"))[1:]}  # fmt: skip
    assert {"H-a1-2", "H-b1-2"} <= county
    assert "H-a1-2" in cadre and not {h for h in cadre if h.startswith(("H-a2", "H-b"))}


def test_the_alert_export_follows_the_pages_filters_and_order(cast):
    _alerts(cast)
    county = _client(cast.county_office)
    rows = _csv(county.get("/exports/monitoring.alerts/?region=990102002000&format=csv"))
    assert rows[0][:3] == ["rank", "risk", "household number"]
    assert [r[2] for r in rows[1:]] == ["H-b1-2"]
    both = _csv(county.get("/exports/monitoring.alerts/?format=csv"))
    assert [int(r[0]) for r in both[1:]] == [1, 2]  # ranked as on the list


@pytest.mark.parametrize("who", ["paired_helper_a1", "public"])
def test_roles_that_may_not_export_are_refused(cast, who):
    client = _client(cast.users[who])
    for name in ("registry.households", "monitoring.alerts", "monitoring.watch",
                 "identification.cases"):  # fmt: skip
        assert client.get(f"/exports/{name}/?format=csv").status_code == 403


def test_the_village_page_offers_the_export_only_to_those_who_may(cast):
    html = _client(cast.village_cadre_a1).get("/villages/990102001001/").content.decode()
    assert "/exports/registry.households/?region=990102001001&amp;format=xlsx" in html
    helper = _client(cast.paired_helper_a1).get("/villages/990102001001/").content.decode()
    assert "H-a1-1" in helper and "/exports/" not in helper


def test_an_unknown_list_format_or_region_is_named(cast):
    county = _client(cast.county_office)
    assert county.get("/exports/registry.nothing/?format=csv").status_code == 404
    cadre = _client(cast.village_cadre_a1)
    other = "/exports/registry.households/?region=990102002001&format=csv"
    assert cadre.get(other).status_code == 404  # another village: not there for the cadre
    bad = county.get("/exports/registry.households/?format=ods")
    assert bad.status_code == 400 and b"csv, xlsx" in bad.content


def test_formulas_typed_into_a_card_stay_text(cast):
    cast.h_a1_1.__class__.objects.filter(pk=cast.h_a1_1.pk).update(head_name="=1+2")
    rows = _csv(_client(cast.county_office).get("/exports/registry.households/?format=csv"))
    assert rows[1][4] == "'=1+2"


def test_every_export_is_in_the_access_log(cast, caplog):
    with caplog.at_level(logging.INFO, logger="fupin.access"):
        _body(_client(cast.auditor).get("/exports/registry.households/?format=csv"))
    assert "list exported: list=registry.households rows=8 user=auditor" in caplog.text


def test_a_long_list_becomes_a_job_whose_file_only_its_reader_gets(
    cast, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(service, "DIRECT_ROWS", 3)
    county = _client(cast.county_office)
    url = "/exports/registry.households/?poor=1&format=xlsx"
    asked = county.get(url)
    assert asked.status_code == 200 and b"4 rows" in asked.content  # a GET starts nothing
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = county.post(url)
    job = Job.objects.get(kind="exports.list")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.result["rows"] == 4
    page = county.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/exports/jobs/{job.pk}/file/" in page
    with caplog.at_level(logging.INFO, logger="fupin.access"):
        sheet = _xlsx(county.get(f"/exports/jobs/{job.pk}/file/"))
    assert [r[0] for r in sheet[1:]] == ["H-a1-1", "H-a2-1", "H-b1-1", "H-b2-1"]
    assert f"(job {job.pk}) rows=4 user=county_office" in caplog.text
    auditor = _client(cast.auditor)  # the same area, but not the reader who asked
    assert f"/exports/jobs/{job.pk}/file/" not in auditor.get(f"/jobs/{job.pk}/").content.decode()
    assert auditor.get(f"/exports/jobs/{job.pk}/file/").status_code == 404


def test_a_job_writes_the_readers_language(cast, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(service, "DIRECT_ROWS", 0)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(cast.county_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/registry.households/?format=csv")
    job = Job.objects.get(kind="exports.list")
    rows = _csv(client.get(f"/exports/jobs/{job.pk}/file/"))
    assert rows[0][0] == "户编号" and len(rows) == 9


def test_exported_files_go_after_a_week(
    cast, monkeypatch, data_dir, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(service, "DIRECT_ROWS", 0)
    county = _client(cast.county_office)
    with django_capture_on_commit_callbacks(execute=True):
        county.post("/exports/registry.households/?format=csv")
    job = Job.objects.get(kind="exports.list")
    stored = data_dir / "exports" / job.params["stored"]
    assert service.forget_old_exports() == 0 and stored.is_file()
    eight_days_ago = time.time() - 8 * 86_400
    os.utime(stored, (eight_days_ago, eight_days_ago))
    assert service.forget_old_exports() == 1 and not stored.exists()
    gone = county.get(f"/exports/jobs/{job.pk}/file/")
    assert gone.status_code == 410 and b"kept for 7 days" in gone.content
