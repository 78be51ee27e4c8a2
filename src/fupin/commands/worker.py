"""``fupin worker``: runs background jobs; ``fupin serve`` and ``fupin demo`` start one beside the
web server, so the two commands a newcomer runs do everything."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

import typer
from rich.console import Console

from fupin import i18n
from fupin.i18n import gettext as _

console = Console()


def worker(
    workers: int = typer.Option(1, "--workers", help=_("Jobs run at once (threads).")),
    check: bool = typer.Option(
        False, "--check", help=_("Do not run jobs: start a worker check and wait for it.")
    ),
    timeout: int = typer.Option(60, "--timeout", help=_("Seconds --check waits.")),
) -> None:
    """Runs the background jobs of the queue (FUPIN_QUEUE_URL) until stopped."""
    from fupin.commands.web import setup_django

    setup_django()
    if check:
        raise typer.Exit(_check(timeout))
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")  # the job kinds and the worker's own tasks
    console.print(_("Worker started ({workers} at once); Ctrl+C stops.").format(workers=workers))
    HUEY.create_consumer(workers=workers, worker_type="thread", check_worker_health=True).run()


def _check(timeout: int) -> int:
    """Starts a worker check and waits for a worker to finish it: 0 when one did, 1 if not."""
    import time

    from django.utils import timezone

    from fupin.jobs.models import Job, JobStatus
    from fupin.jobs.services.check import CHECK
    from fupin.jobs.services.runs import start_job

    job = start_job(
        CHECK, {"seconds": 0}, actor=None, region=None, now=timezone.now(), operator=True
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Job.objects.get(pk=job.pk).status
        if status == JobStatus.DONE:
            console.print(_("A worker ran the check job #{id}.").format(id=job.pk))
            return 0
        time.sleep(0.5)
    console.print(
        _(
            "No worker finished the check job #{id} within {seconds} s: is `fupin worker` running?"
        ).format(id=job.pk, seconds=timeout),
        style="red",
    )
    return 1


def queue_needs_a_worker() -> bool:
    """False for the in-memory queue, which runs each job where it is started."""
    from django.conf import settings

    return not getattr(settings.HUEY, "immediate", False)


def _exit_on_term(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


@contextlib.contextmanager
def worker_beside() -> Iterator[subprocess.Popen[bytes] | None]:
    """Starts ``fupin worker`` in a child process for as long as the block runs."""
    if not queue_needs_a_worker():
        yield None
        return
    command = [sys.executable, "-m", "fupin.cli", "--lang", i18n.get_language(), "worker"]
    child = subprocess.Popen(command)
    # A TERM (systemd, docker stop, kill) ends the server through its finally blocks, so the
    # worker stops with it instead of running on alone.
    main = threading.current_thread() is threading.main_thread()  # signals are the main thread's
    previous = signal.signal(signal.SIGTERM, _exit_on_term) if main else None
    try:
        yield child
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


def register(app: typer.Typer) -> None:
    """Adds ``fupin worker`` to the CLI."""
    app.command("worker", help=_("Runs the background jobs of the queue until stopped."))(worker)
