"""The survey upload page: an office uploads an export, the import runs as a job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from test_survey_import import kobo_xlsx, odk_zip

from fupin.jobs.models import Job
from fupin.registry.models import Household, SurveySubmission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _post(client: Client, content: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post("/imports/survey/", {"file": SimpleUploadedFile(name, content)})


def test_an_office_uploads_an_odk_export_and_the_job_imports_it(
    cast, tmp_path, django_capture_on_commit_callbacks
):
    content = odk_zip(tmp_path).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_client(cast.county_office), content, "fupin_registration.zip")
    job = Job.objects.get(kind="imports.survey")
    assert response.status_code == 302 and job.status == "done", job.errors
    assert job.result["households_added"] == 1 and job.result["submissions"] == 2
    assert any("rejected by a reviewer" in e for e in job.errors)
    assert Household.objects.filter(number="H-a1-9").exists()
    page = _client(cast.county_office).get(f"/jobs/{job.pk}/").content.decode()
    assert "submissions imported before (left alone)" in page


def test_problems_go_on_the_jobs_page_by_the_exports_sheet(
    cast, tmp_path, django_capture_on_commit_callbacks
):
    def bad(name, row):  # type: ignore[no-untyped-def]
        return [*row[:3], "X", *row[4:]] if name == "members.csv" and row[3] == "F" else row

    content = kobo_xlsx(tmp_path, bad).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        _post(_client(cast.county_office), content, "kobo.xlsx")
    job = Job.objects.get(kind="imports.survey")
    assert job.result["problems"] >= 1
    assert any(e.startswith("kobo.xlsx [members] 3 members/sex") for e in job.errors), job.errors
    assert not SurveySubmission.objects.exists()


def test_other_files_and_other_roles_are_refused(cast):
    assert _post(_client(cast.county_office), b"x", "notes.txt").status_code == 400
    assert _post(_client(cast.village_cadre_a1), b"x", "a.csv").status_code == 403
    assert not Job.objects.exists()
    page = _client(cast.county_office).get("/imports/roster/").content.decode()
    assert "/imports/survey/" in page
