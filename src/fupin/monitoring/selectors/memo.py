"""A short-lived, process-local memo for the expensive aggregates of big areas.

A county of 130,000 households with tens of thousands of alerts spends seconds counting its
registered population and ranking its alerts on every list and dashboard view. Those figures
are kept here for ``TTL_SECONDS`` under a key that includes a fingerprint of the table they come
from, so any alert change made through the services (each bumps the alert's version, a new alert
raises the count) shows at once; membership changes show within ``TTL_SECONDS``. Small areas
(fewer than ``LARGE`` rows) are always computed afresh: their queries are fast, and tests that
rebuild tiny databases between cases can never see a remembered figure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db.models import Count, Max, Sum

from fupin.monitoring.models import Alert
from fupin.registry.models import Member

T = TypeVar("T")
TTL_SECONDS = 300.0
LARGE = 5_000
MAX_ENTRIES = 64
_store: dict[Hashable, tuple[float, object]] = {}
_lock = threading.Lock()


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """The value stored under ``key`` if still fresh, else ``compute()`` (then stored)."""
    now = time.monotonic()
    with _lock:
        hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if len(_store) >= MAX_ENTRIES:
            _store.clear()
        _store[key] = (now + TTL_SECONDS, value)
    return value


def forget() -> None:
    """Drops every remembered value (tests, and after bulk loads)."""
    with _lock:
        _store.clear()


def alerts_state() -> tuple[int, int, int, int] | None:
    """A fingerprint of the alert table, or None when it is small (no memo)."""
    row = Alert.objects.aggregate(
        n=Count("id"), v=Sum("version"), top=Max("id"), homes=Sum("household_id")
    )
    if row["n"] < LARGE:
        return None
    return (row["n"], row["v"] or 0, row["top"] or 0, row["homes"] or 0)


def members_state() -> tuple[int, int] | None:
    """A fingerprint of the member table, or None when it is small (no memo)."""
    row = Member.objects.aggregate(n=Count("id"), top=Max("id"))
    if row["n"] < LARGE * 10:
        return None
    return (row["n"], row["top"] or 0)


def maybe_remembered(kind: str, key: tuple, state: Hashable | None, compute: Callable[[], T]) -> T:
    """``compute()`` through the memo when the table is large (``state`` not None)."""
    if state is None:
        return compute()
    return remembered((kind, key, state), compute)
