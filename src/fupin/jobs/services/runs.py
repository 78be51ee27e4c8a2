"""Starting a job, running it in one transaction, and recovering jobs a dead worker left."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services.kinds import kind_named
from fupin.jobs.services.progress import (
    forget_progress,
    heartbeat,
    read_progress,
    worker_alive,
    write_progress,
)
from fupin.procedure.errors import NotAllowed
from fupin.registry.models import Region
from fupin.registry.permissions import User, account_of, can

log = logging.getLogger("fupin.jobs")
# Kept in English and shown in each reader's language (the worker has no reader).
INTERRUPTED = gettext_noop("interrupted %(count)d times: not run again")
MAX_ATTEMPTS = 2  # a job interrupted twice is failed, not tried forever
STALE_SECONDS = 120  # no progress for this long while "running": its worker has died
PROGRESS_EVERY = 0.5  # seconds between progress writes


@dataclass
class JobContext:
    """What a job's work sees: the job, who started it, and where to report progress."""

    job: Job
    actor: User | None
    problems: list[str] = field(default_factory=list)
    state: dict[str, int] = field(default_factory=lambda: {"done": 0, "total": 0, "errors": 0})
    _written: float = 0.0

    @property
    def done(self) -> int:
        """How much of the work is done."""
        return self.state["done"]

    @property
    def total(self) -> int:
        """How much work there is (0 until the job knows)."""
        return self.state["total"]

    def progress(self, done: int, total: int) -> None:
        """Reports ``done`` of ``total``; written at most twice a second."""
        self.state.update(done=done, total=total, errors=len(self.problems))
        now = time.monotonic()
        if now - self._written >= PROGRESS_EVERY or done >= total:
            write_progress(self.job.pk, done, total, len(self.problems))
            self._written = now

    def problem(self, message: str) -> None:
        """Notes something the job could not use (it goes on; the page lists these)."""
        self.problems.append(str(message))


def start_job(
    kind: str,
    params: dict[str, Any],
    *,
    actor: User | None,
    region: Region | None,
    now: dt.datetime,
    operator: bool = False,
) -> Job:
    """Queues a job of ``kind`` over ``region``; raises NotAllowed without the kind's permission
    (``operator``: started from the command line by whoever runs the installation)."""
    declared = kind_named(kind)
    if not operator and not can(actor, declared.permission, region):
        raise NotAllowed([("kind", _("your role may not start this job here"))])
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params=params,
            region=region,
            created_at=now,
            created_by=account_of(actor),
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from fupin.jobs.tasks import run_job_task

    run_job_task(job_id)


def _claim(job_id: int, now: dt.datetime) -> Job | None:
    """Marks a queued job running (one attempt more); None when it is not queued any more."""
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
        )
    return Job.objects.select_related("created_by", "region").get(pk=job_id) if claimed else None


def run_job(job_id: int) -> None:
    """Runs a queued job: its work and its 'done' mark commit together, or nothing does."""
    job = _claim(job_id, timezone.now())
    if job is None:
        return
    context = JobContext(job=job, actor=job.created_by)
    write_progress(job.pk, 0, 0, 0)
    try:
        with heartbeat(job.pk, context.state), transaction.atomic():
            result = kind_named(job.kind).run(context, dict(job.params))
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE,
                result=result,
                finished_at=timezone.now(),
                done=context.done,
                total=context.total,
                errors=context.problems,
            )
    except Exception as exc:  # the work is rolled back; the job says why it failed
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job.pk, [*context.problems, str(exc) or type(exc).__name__])
    forget_progress(job.pk)


def _fail(job_id: int, errors: list[Any]) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), errors=errors
    )


def _still_worked_on(beat: dict[str, Any] | None, moment: float) -> bool:
    """True while a live worker's heartbeat for the job is fresh."""
    if beat is None or moment - beat["at"] >= STALE_SECONDS:
        return False
    return worker_alive(str(beat.get("worker", "")))


def recover_interrupted(now: float | None = None) -> tuple[int, int]:
    """Jobs left 'running' by a dead worker: queued again, or failed after MAX_ATTEMPTS.

    A job's work is one transaction, so an interrupted job wrote nothing: running it again is
    safe. Returns (queued again, failed).
    """
    moment = time.time() if now is None else now
    requeued = failed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        if _still_worked_on(read_progress(job.pk), moment):
            continue
        if job.attempts >= MAX_ATTEMPTS:
            _fail(job.pk, [{"text": INTERRUPTED, "args": {"count": job.attempts}}])
            failed += 1
            continue
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED)
        _enqueue(job.pk)
        requeued += 1
    return requeued, failed
