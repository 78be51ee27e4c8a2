"""Jobs in one process (the in-memory queue runs each where it starts): permissions, results,
the job page, failures rolled back whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.progress import write_progress
from fupin.jobs.services.runs import recover_interrupted, start_job
from fupin.monitoring.models import WatchEntry
from fupin.monitoring.permissions import RUN_SCREENING
from fupin.procedure.errors import NotAllowed
from fupin.registry.models import FieldChange, Region
from fupin.registry.services.corrections import correct_household

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MONDAY = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


def set_income(household, year: int, wage: str) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from fupin.registry.models import IncomeRecord

    IncomeRecord.objects.create(household=household, year=year, wage_local=Decimal(wage))


@job_kind("tests.fails_after_writing", "a job that breaks", RUN_SCREENING)
def fails_after_writing(context, params):  # type: ignore[no-untyped-def]
    from fupin.registry.models import Household

    household = Household.objects.get(number=params["household"])
    correct_household(household, {"land_mu": 9}, expected_version=household.version,
                      actor=None, reason="written, then the job breaks")  # fmt: skip
    context.problem("row 3 could not be used")
    raise RuntimeError("the disk is full")


def _client(cast, username: str) -> Client:
    client = Client()
    client.force_login(cast.users[username])
    return client


def test_an_office_runs_the_kernel_as_a_job_and_reads_its_result(
    cast, django_capture_on_commit_callbacks
) -> None:
    set_income(cast.h_a1_2, 2015, "11000")  # near the line: flagged
    client = _client(cast, "county_office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/monitoring/kernel/", {"region": cast.county.code}, **EN)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.status, job.attempts, job.region, job.created_by) == (
        JobStatus.DONE,
        1,
        cast.county,
        cast.county_office,
    )
    # 8 households: 4 registered poor are skipped; the near-line one is watched (scale: 0).
    assert job.result == {"considered": 8, "opened": 0, "updated": 0, "watched": 1, "skipped": 0}
    assert WatchEntry.objects.open().get().household == cast.h_a1_2
    page = client.get(f"/jobs/{job.pk}/", **EN).content.decode()
    assert "households put on the watch list" in page and 'id="job-results"' in page


def test_roles_that_may_not_run_the_kernel_cannot_start_it(cast) -> None:
    assert (
        _client(cast, "village_cadre_a1")
        .post("/monitoring/kernel/", {"region": cast.village_a1.code})
        .status_code
        == 403
    )
    with pytest.raises(NotAllowed):
        start_job("monitoring.kernel_run", {"region": cast.county.code},
                  actor=cast.township_office_a, region=cast.county, now=MONDAY)  # fmt: skip
    assert not Job.objects.exists()


def test_a_failing_job_keeps_nothing_and_says_why(cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("tests.fails_after_writing", {"household": "H-a1-2"},
                        actor=cast.county_office, region=cast.county, now=MONDAY)  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors == ["row 3 could not be used", "the disk is full"]
    assert not FieldChange.objects.exists()  # the correction it wrote was rolled back
    assert Region.objects.get(pk=cast.county.pk)  # and the rest stands


def test_a_job_is_seen_only_inside_its_area(cast) -> None:
    job = Job.objects.create(kind="jobs.check", region=cast.township_b, created_at=MONDAY)
    assert _client(cast, "township_office_b").get(f"/jobs/{job.pk}/").status_code == 200
    assert _client(cast, "township_office_a").get(f"/jobs/{job.pk}/").status_code == 404
    assert _client(cast, "public").get(f"/jobs/{job.pk}/").status_code == 403
    operators = Job.objects.create(kind="jobs.check", region=None, created_at=MONDAY)
    assert _client(cast, "county_office").get(f"/jobs/{operators.pk}/").status_code == 404
    assert _client(cast, "superuser").get(f"/jobs/{operators.pk}/").status_code == 200


def test_a_running_jobs_page_shows_the_workers_progress_and_polls(cast) -> None:
    job = Job.objects.create(kind="jobs.check", region=cast.county, created_at=MONDAY,
                             status=JobStatus.RUNNING, attempts=1)  # fmt: skip
    write_progress(job.pk, 3, 12, 1)
    client = _client(cast, "county_office")
    page = client.get(f"/jobs/{job.pk}/", **EN).content.decode()
    assert "3 of 12" in page and 'value="25"' in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true", **EN).content.decode()
    assert fragment.lstrip().startswith("<div") and "<html" not in fragment


def test_recovery_leaves_a_job_whose_worker_is_alive(cast) -> None:
    job = Job.objects.create(kind="jobs.check", region=cast.county, created_at=MONDAY,
                             status=JobStatus.RUNNING, attempts=1)  # fmt: skip
    write_progress(job.pk, 1, 5, 0)  # this process: alive
    assert recover_interrupted() == (0, 0)
    later = dt.datetime.now().timestamp() + 3600  # an hour without a heartbeat: dead
    assert recover_interrupted(now=later) == (1, 0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2  # the in-memory queue ran it
