"""A running job's progress and heartbeat, kept in the queue's own store: the job's work holds its
database transaction open until the end, so progress written there would not be seen (on SQLite
it could not even be written) until the job is over."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

HEARTBEAT_SECONDS = 10.0


def _queue() -> Any:
    from huey.contrib.djhuey import HUEY

    return HUEY


def _key(job_id: int) -> str:
    return f"fupin:job:{job_id}:progress"


def this_worker() -> str:
    """host:pid of this process, so a restarted worker knows which jobs were its own."""
    return f"{socket.gethostname()}:{os.getpid()}"


def write_progress(job_id: int, done: int, total: int, errors: int) -> None:
    """Stores how far the job is, with the moment and the worker (a heartbeat)."""
    record = {"done": done, "total": total, "errors": errors, "at": time.time(),
              "worker": this_worker()}  # fmt: skip
    _queue().put(_key(job_id), record)


def read_progress(job_id: int) -> dict[str, Any] | None:
    """The job's last progress, or None if it has reported none."""
    try:
        return _queue().get(_key(job_id), peek=True)
    except KeyError:
        return None


def forget_progress(job_id: int) -> None:
    """Removes the job's progress once it is kept on the job itself."""
    try:
        _queue().get(_key(job_id))
    except KeyError:
        return


def worker_alive(worker: str) -> bool:
    """False when ``worker`` ran on this host and its process is gone; True when unknown."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def heartbeat(job_id: int, state: dict[str, int]) -> Iterator[None]:
    """Refreshes the job's progress record every few seconds while the block runs, so a long
    step without progress calls is not mistaken for a dead worker."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            write_progress(job_id, state["done"], state["total"], state["errors"])

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
