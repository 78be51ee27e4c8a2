"""Department registries for the exclusion rules: a list matched to members in the importer's
area, kept with the household, counted when a case opens and flagged on open cases."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from fupin.identification.models import Case, RegistryImport, RegistryRecord
from fupin.identification.services.opening import open_case
from fupin.identification.services.registries import import_registry
from fupin.identification.services.steps import take_step
from fupin.procedure.errors import ProcedureError

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
APPRAISAL = {"held_on": NOW.date(), "place": "hall", "total": 30, "present": 21, "votes_for": 18,
             "votes_against": 2, "abstentions": 1, "minutes": "agreed", "first_secretary": "Li",
             "village_head": "Wang", "main_cause": "illness",
             "justification": "the head fell ill"}  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _csv(*rows: str) -> bytes:
    return ("身份证号,姓名,登记日期,备注\n" + "\n".join(rows) + "\n").encode("utf-8")


def _row(member, date: str = "2025-06-01", note: str = "car 云A12345", name=None) -> str:  # type: ignore[no-untyped-def]
    return f"{member.id_number},{member.name if name is None else name},{date},{note}"


def _open(cast, household=None):  # type: ignore[no-untyped-def]
    return open_case((household or cast.h_a1_2).pk, "identification",
                     actor=cast.village_cadre_a1, now=NOW, statement="applied")  # fmt: skip


def test_a_match_flags_an_open_case_before_its_appraisal(cast):
    case = _open(cast)
    member = cast.h_a1_2.members.get(relation="spouse")
    report = import_registry("vehicle", "cars.csv", _csv(_row(member)), actor=cast.county_office,
                             now=NOW)  # fmt: skip
    assert (report.rows_total, report.rows_matched, report.problems) == (1, 1, [])
    assert report.cases_flagged == [case.pk] and report.cases_to_review == []
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.exclusions == ["vehicle"] and fresh.version == case.version + 1
    record = RegistryRecord.objects.get()
    assert (record.member, record.exclusion, record.recorded_on, record.note) == (
        member, "vehicle", dt.date(2025, 6, 1), "car 云A12345")  # fmt: skip
    with pytest.raises(ProcedureError):  # the hit needs a signed justification now
        take_step(case.pk, "appraise", actor=cast.village_cadre_a1, now=NOW,
                  expected_version=fresh.version, data={**APPRAISAL, "justification": ""})  # fmt: skip


def test_a_case_past_its_appraisal_is_listed_for_review(cast):
    case = _open(cast)
    case = take_step(case.pk, "appraise", actor=cast.village_cadre_a1, now=NOW,
                     expected_version=case.version, data=APPRAISAL)  # fmt: skip
    member = cast.h_a1_2.members.get(relation="head")
    report = import_registry("payroll", "payroll.csv", _csv(_row(member, note="teacher")),
                             actor=cast.county_office, now=NOW)  # fmt: skip
    assert report.cases_flagged == [] and report.cases_to_review == [case.pk]
    assert Case.objects.get(pk=case.pk).exclusions == []


def test_a_case_opened_after_the_import_carries_the_hit(cast):
    member = cast.h_a1_2.members.get(relation="child")
    import_registry("business", "firms.csv",
                    _csv(_row(member, note="3 employees")), actor=cast.county_office, now=NOW)  # fmt: skip
    assert _open(cast).exclusions == ["employs_others"]


def test_unusable_rows_are_reported_with_their_reason_and_the_rest_is_kept(cast):
    member = cast.h_a1_2.members.get(relation="head")
    outside = cast.h_b1_1.members.get(relation="head")
    rows = _csv(_row(member), "123,x,2025-01-01,", _row(member, date="someday"),
                _row(member, name="Somebody Else", note="van"), _row(member))  # fmt: skip
    report = import_registry("vehicle", "cars.csv", rows, actor=cast.township_office_a, now=NOW)
    codes = [(p["row"], p["code"]) for p in report.problems]
    assert codes == [(3, "invalid_id"), (4, "invalid_date"), (5, "name_mismatch"), (6, "duplicate")]
    assert report.rows_matched == 1
    report_b = import_registry("vehicle", "cars.csv", _csv(_row(outside)),
                               actor=cast.township_office_a, now=NOW)  # fmt: skip
    assert [p["code"] for p in report_b.problems] == ["unknown_id"]  # not in township A


def test_a_file_without_the_id_column_is_refused_and_nothing_is_kept(cast):
    with pytest.raises(ProcedureError, match="id_number"):
        import_registry("vehicle", "cars.csv", "姓名,日期\n张三,2025-01-01\n".encode(),
                        actor=cast.county_office, now=NOW)  # fmt: skip
    assert not RegistryImport.objects.exists()


@pytest.mark.parametrize("user", ["village_cadre_a1", "auditor", "public", "paired_helper_a1"])
def test_only_offices_import_registries(cast, user):
    member = cast.h_a1_2.members.get(relation="head")
    with pytest.raises(PermissionDenied):
        import_registry("vehicle", "cars.csv", _csv(_row(member)), actor=getattr(cast, user),
                        now=NOW)  # fmt: skip
    assert not RegistryRecord.objects.exists()


def test_the_pages_import_and_report(cast):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.county_office)
    case = _open(cast)
    member = cast.h_a1_2.members.get(relation="head")
    upload = SimpleUploadedFile("cars.csv", _csv(_row(member), "bad,row,2025-01-01,"))
    response = client.post("/identification/registries/", {"registry": "vehicle", "file": upload})
    assert response.status_code == 302
    report = client.get(response["Location"])
    assert report.status_code == 200 and f"#{case.pk}".encode() in report.content
    assert b"not a valid resident ID number" in report.content
    page = client.get(f"/identification/cases/{case.pk}/")
    assert b"Department registries report" in page.content and b"car" in page.content
    cadre = Client()
    cadre.force_login(cast.village_cadre_a1)
    assert cadre.get("/identification/registries/").status_code == 403
