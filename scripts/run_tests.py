"""Runs the suite on SQLite, then the database tests on PostgreSQL when one answers.

PostgreSQL is used when DATABASE_URL points at it, or when a local server answers at
postgresql://postgres@127.0.0.1:5432/test; otherwise the run says it skipped PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOCAL_PG = "postgresql://postgres@127.0.0.1:5432/test"
NO_TESTS_COLLECTED = 5


def postgres_url() -> str | None:
    """The PostgreSQL URL to test against, or None when none answers."""
    url = os.environ.get("DATABASE_URL", "")
    candidates = [url] if url.startswith("postgres") else [LOCAL_PG]
    try:
        import psycopg
    except ImportError:
        return None
    for candidate in candidates:
        try:
            with psycopg.connect(candidate, connect_timeout=3):
                return candidate
        except psycopg.Error:
            continue
    return None


def pytest(args: list[str], env: dict[str, str]) -> int:
    cmd = [sys.executable, "-m", "pytest", *args]
    print("+", " ".join(cmd), flush=True)
    return subprocess.call(cmd, env=env)


def main() -> int:
    extra = sys.argv[1:]
    workers = ["-n", os.environ.get("FUPIN_TEST_WORKERS", "2")]
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    print("== test suite on SQLite ==", flush=True)
    code = pytest([*workers, *extra], sqlite_env)
    if code not in (0,):
        return code
    url = postgres_url()
    if url is None:
        print("== PostgreSQL: skipped (no server answers and DATABASE_URL is not PostgreSQL) ==")
        return 0
    print(f"== database tests on PostgreSQL ({url.rsplit('@', 1)[-1]}) ==", flush=True)
    pg_env = {**os.environ, "DATABASE_URL": url}
    code = pytest([*workers, "-m", "django_db or postgres", *extra], pg_env)
    return 0 if code == NO_TESTS_COLLECTED else code


if __name__ == "__main__":
    sys.exit(main())
