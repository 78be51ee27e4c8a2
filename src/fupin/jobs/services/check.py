"""The worker check: a job that proves a worker takes jobs (``fupin worker --check``)."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext_lazy as _

from fupin.jobs.permissions import VIEW_JOBS
from fupin.jobs.services.kinds import job_kind
from fupin.jobs.services.runs import JobContext

CHECK = "jobs.check"


@job_kind(CHECK, _("Worker check"), VIEW_JOBS, results={"waited": _("seconds waited")})
def check(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Waits ``seconds`` (reporting each one), then answers: nothing is written."""
    seconds = int(params.get("seconds", 0))
    for second in range(seconds):
        context.progress(second, seconds)
        time.sleep(1)
    context.progress(seconds, seconds)
    return {"waited": seconds}
