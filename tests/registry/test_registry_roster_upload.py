"""The roster upload page: an office uploads, the import runs as a job, the job's page reports."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fupin.jobs.models import Job
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("households.csv", "members.csv"):
            archive.write(folder / name, f"roster/{name}")
    return buffer.getvalue()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _post(client: Client, content: bytes, name: str = "roster.zip", **fields: object):  # type: ignore[no-untyped-def]
    return client.post("/imports/roster/", {"file": SimpleUploadedFile(name, content), **fields})


def test_an_office_imports_a_zip_of_csvs_as_a_job(
    cast, tmp_path, django_capture_on_commit_callbacks
):
    from test_registry_roster_import import _roster

    folder = _roster(tmp_path / "made", count=2, **{"0": {"village_code": "990102001001"},
                                                     "1": {"village_code": "990102001002"}})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(_client(cast.county_office), _zip(folder), year="2025")
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "done", job.errors
    assert job.result["households_added"] == 2 and "problems" not in job.result
    assert Household.objects.filter(number__startswith="R-").count() == 2
    assert not any((tmp_path / "imports").iterdir())  # the upload is not kept


def test_a_roster_with_problems_imports_nothing_and_lists_them(
    cast, tmp_path, django_capture_on_commit_callbacks
):
    from test_registry_roster_import import _roster

    folder = _roster(tmp_path / "made", count=1)  # its village is not one of the cast's
    with django_capture_on_commit_callbacks(execute=True):
        _post(_client(cast.county_office), _zip(folder))
    job = Job.objects.get()
    assert job.result["problems"] == 1 and any("village_code" in e for e in job.errors)
    assert not Household.objects.filter(number__startswith="R-").exists()


def test_a_file_that_is_no_roster_is_refused_at_once(cast):
    client = _client(cast.county_office)
    assert _post(client, b"not a zip").status_code == 400
    assert _post(client, b"x", name="roster.txt").status_code == 400
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    refused = _post(client, empty.getvalue())
    assert refused.status_code == 400 and b"households.csv" in refused.content
    assert not Job.objects.exists()


@pytest.mark.parametrize("user", ["village_cadre_a1", "auditor", "public"])
def test_only_offices_import(cast, user):
    assert _client(getattr(cast, user)).get("/imports/roster/").status_code == 403
