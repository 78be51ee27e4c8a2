"""The worker's tasks: run a job; on start and every minute, recover jobs a dead worker left."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from fupin.jobs.services.runs import recover_interrupted, run_job


@db_task()
def run_job_task(job_id: int) -> None:
    """Runs one job (its database work in one transaction)."""
    run_job(job_id)


@on_startup()
def recover_on_start() -> None:
    """A starting worker takes back the jobs that a stopped one left running."""
    from django.db import close_old_connections

    recover_interrupted()
    close_old_connections()


@db_periodic_task(crontab(minute="*"))
def recover_every_minute() -> None:
    """Jobs whose worker died while another worker kept running (several workers)."""
    recover_interrupted()
