"""What a job's page shows: its status and, while it runs, the progress the worker reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext

from fupin.jobs.models import Job, JobStatus
from fupin.jobs.services.kinds import JobKind, declared_kinds
from fupin.jobs.services.progress import read_progress


def error_text(error: Any) -> str:
    """An error as kept on the job: the work's own words, or the system's, in the reader's
    language ({"text": English source, "args": ...})."""
    if isinstance(error, dict):
        return gettext(error["text"]) % error.get("args", {})
    return str(error)


@dataclass(frozen=True)
class JobView:
    """A job with its label and how far it is (percent None until the total is known)."""

    job: Job
    label: str
    done: int
    total: int
    errors: int
    results: list[tuple[str, Any]]
    messages: list[str]
    download: str | None = None  # the URL of the file the job made, for whoever started it

    @property
    def percent(self) -> int | None:
        """Done as a whole percentage of the total."""
        return round(100 * self.done / self.total) if self.total else None


def shown(value: Any) -> Any:
    """A result as a reader reads it: yes or no, whole numbers grouped (130,000)."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value


def _download(job: Job, kind: JobKind | None, reader: Any) -> str | None:
    if kind is None or kind.download is None or job.status != JobStatus.DONE:
        return None
    if reader is None or job.created_by_id != reader.pk:
        return None
    return reverse(kind.download, args=[job.pk])


def job_view(job: Job, reader: Any = None) -> JobView:
    """The job as its page shows it: live progress while it runs, the kept figures after, and
    for the ``reader`` who started it, the file it made."""
    kind = declared_kinds().get(job.kind)
    label = str(kind.label) if kind else job.kind
    labels = kind.results if kind else {}
    results = [(str(labels.get(key, key)), shown(value)) for key, value in job.result.items()]
    done, total, errors = job.done, job.total, len(job.errors)
    if job.status == JobStatus.RUNNING:
        live: dict[str, Any] | None = read_progress(job.pk)
        if live is not None:
            done, total, errors = live["done"], live["total"], live["errors"]
    messages = [error_text(e) for e in job.errors]
    return JobView(job, label, done, total, errors, results, messages, _download(job, kind, reader))
