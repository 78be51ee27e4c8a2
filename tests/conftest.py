"""Shared test configuration: the registry cast fixture and SQLite flushes past the triggers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# The cast module lives beside the registry tests; make it importable as ``cast`` everywhere.
sys.path.insert(0, str(Path(__file__).resolve().parent / "registry"))


def _allow_sqlite_flush() -> None:
    """Lets Django's test flush (DELETE FROM every table) pass the append-only triggers on SQLite.

    Transactional tests (live_server, transactional_db) end with a flush; on SQLite that is a
    DELETE, which the append-only triggers refuse. The triggers are dropped for the flush and
    re-created right after, inside the flush's own transaction. PostgreSQL flushes with TRUNCATE,
    which the row triggers do not see.
    """
    # Import the backend module first: importing operations alone is a circular import.
    from django.db.backends.sqlite3 import base as sqlite_base

    from fupin.registry import triggers

    original = sqlite_base.DatabaseOperations.sql_flush
    if getattr(original, "_fupin_wrapped", False):
        return

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        tables = [t for t in triggers.APPEND_ONLY if any(t in statement for statement in sql)]
        if not tables:
            return sql
        drop = [s for t in tables for s in triggers.sqlite_drop(t)]
        create = [s for t in tables for s in triggers.sqlite_create(t)]
        return [*drop, *sql, *create]

    sql_flush._fupin_wrapped = True  # type: ignore[attr-defined]
    sqlite_base.DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


def _jobs_run_where_they_start() -> None:
    """Puts the queue in immediate mode (in memory): a job runs when the transaction that starts
    it commits. The worker tests run real workers, in processes of their own."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


def pytest_configure(config: pytest.Config) -> None:
    _allow_sqlite_flush()
    _jobs_run_where_they_start()


@pytest.fixture
def cast(db):
    """The registry cast (regions, households, one user per role); see tests/registry/cast.py."""
    from cast import build_cast

    return build_cast()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Adds this process's id to the PostgreSQL test database's name (after xdist's suffix).

    Two runs against one server at the same moment (a developer's and CI's) would otherwise
    create, and then drop, the same test_… databases under each other. SQLite tests use
    in-memory databases and keep them."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"].endswith("sqlite3"):
            continue
        test = database.setdefault("TEST", {})
        name = test.get("NAME") or f"test_{database['NAME']}"
        test["NAME"] = f"{name}_p{os.getpid()}"
