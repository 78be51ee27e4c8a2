"""A real worker on both queue stores: a job killed with its worker is run again by the next
worker, or failed after two attempts — never lost, never half-applied."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

# Runs in the SQLite pass with a SQLite database of its own, and again in the PostgreSQL pass
# with a PostgreSQL database of its own.
pytestmark = pytest.mark.postgres

HERE = Path(__file__).resolve().parent
# One Redis database per xdist worker: two installations sharing one would read each other's
# queue and progress (every fresh database numbers its first job 1) and flush each other's jobs.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{15 - _XDIST_INDEX % 15}"


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:  # no server: the Redis case says so below
        return False


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


class Installation:
    """A database and a queue of their own, driven by separate processes like a real office."""

    def __init__(self, tmp: Path, queue: str) -> None:
        self.env = {**os.environ, "FUPIN_DATA_DIR": str(tmp), "FUPIN_QUEUE_URL": queue}
        base = _postgres_url()
        if base is not None:
            self.env["DATABASE_URL"] = self._fresh_postgres(base)
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{tmp / 'fupin.sqlite3'}"
        if queue.startswith("redis"):
            import redis

            redis.Redis.from_url(queue).flushdb()
        self.fupin("migrate")
        self.workers: list[subprocess.Popen[bytes]] = []

    def _fresh_postgres(self, base: str) -> str:
        import psycopg

        name = f"fupin_worker_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        self.dropped = (base, name)
        return base.rsplit("/", 1)[0] + f"/{name}"

    def fupin(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "fupin.cli", "--lang", "en", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def jobctl(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(HERE / "jobctl.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    def start_worker(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "fupin.cli", "--lang", "en", "worker"]
        worker = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        self.workers.append(worker)
        return worker

    def status(self, job: str) -> tuple[str, int, int, int, str]:
        status, attempts, done, total, *errors = self.jobctl("status", job).split(" ", 4)
        return status, int(attempts), int(done), int(total), " ".join(errors)

    def wait_for(self, job: str, condition, seconds: float = 90):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.status(job)
            if condition(state):
                return state
            time.sleep(0.5)
        raise AssertionError(f"job {job} never reached the state asked: last {state}")

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=30)
        if hasattr(self, "dropped"):
            import psycopg

            base, name = self.dropped
            with psycopg.connect(base, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "redis"])
def office(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "redis":
        if not _redis_answers():
            pytest.fail(f"no Redis server answers at {REDIS_URL}: the Redis queue cannot be tested")
        queue = REDIS_URL
    else:
        queue = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    installation = Installation(tmp_path, queue)
    yield installation
    installation.close()


def _kill_while_running(office: Installation, job: str, attempt: int) -> None:
    """Starts a worker and kills it (SIGKILL) once it is a second into ``attempt``."""
    worker = office.start_worker()
    office.wait_for(job, lambda s: s[0] == "running" and s[1] == attempt and s[2] >= 1)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)


def test_a_job_killed_with_its_worker_runs_again_on_the_next_worker(office) -> None:
    # Long enough that a loaded machine's polling (a process per look) cannot miss the moment
    # to kill the worker before the job ends.
    job = office.jobctl("start", "12")
    _kill_while_running(office, job, attempt=1)
    assert office.status(job)[0] == "running"  # nobody has finished it
    office.start_worker()
    status, attempts, done, total, _errors = office.wait_for(job, lambda s: s[0] == "done")
    assert (attempts, done, total) == (2, 12, 12)


def test_a_job_interrupted_twice_is_failed_not_retried_forever(office) -> None:
    job = office.jobctl("start", "30")
    _kill_while_running(office, job, attempt=1)
    _kill_while_running(office, job, attempt=2)
    office.start_worker()
    status, attempts, _done, _total, errors = office.wait_for(job, lambda s: s[0] == "failed")
    assert attempts == 2 and "interrupted 2 times" in errors


def test_the_worker_check_command_answers_when_a_worker_runs(office) -> None:
    office.start_worker()
    assert "A worker ran the check job" in office.fupin("worker", "--check", "--timeout", "60")
