"""The queue the workers read: huey on SQLite (the embedded default), Redis, or in memory.

``FUPIN_QUEUE_URL``: ``sqlite:///PATH`` (a file beside the database), ``redis://HOST:PORT/DB``
(production), or ``memory://`` (runs each job at once in the process that starts it: tests and
single-process use).
"""

from __future__ import annotations

from pathlib import Path

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

QUEUE_NAME = "fupin"


class QueueURLError(ValueError):
    """FUPIN_QUEUE_URL names no queue Fupin can use."""


def make_queue(url: str) -> Huey:
    """The huey instance for a queue URL; raises QueueURLError for an unknown scheme."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False)
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    if url == "memory://":
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    raise QueueURLError("FUPIN_QUEUE_URL must be sqlite:///PATH, redis://HOST:PORT/DB or memory://")
