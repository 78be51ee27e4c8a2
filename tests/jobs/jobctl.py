"""A job's remote control for the worker tests: run as a separate process against the test's
own database and queue (both from the environment), like a page or the CLI would.

    python jobctl.py start SECONDS   → prints the job's id
    python jobctl.py status ID       → prints status attempts done/total
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")


def main() -> None:
    import django

    django.setup()
    from django.utils import timezone, translation

    from fupin.jobs.models import Job
    from fupin.jobs.selectors import error_text
    from fupin.jobs.services.check import CHECK
    from fupin.jobs.services.progress import read_progress
    from fupin.jobs.services.runs import start_job

    command, value = sys.argv[1], int(sys.argv[2])
    if command == "start":
        params = {"seconds": value}
        job = start_job(CHECK, params, actor=None, region=None, now=timezone.now(), operator=True)
        print(job.pk)
    elif command == "status":
        job = Job.objects.get(pk=value)
        live = read_progress(job.pk) or {"done": job.done, "total": job.total}
        with translation.override("en"):
            errors = "|".join(error_text(e) for e in job.errors)
        print(job.status, job.attempts, live["done"], live["total"], errors)


if __name__ == "__main__":
    main()
