"""An entry's canonical bytes: its RFC 8785 (JCS) canonical JSON in UTF-8.

Only integers, text, booleans and null are allowed: money is integer fen, times are RFC 3339 text
in UTC, and a float anywhere is refused rather than given a form another verifier might not
reproduce.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import rfc8785


def _refuse_floats(value: Any, where: str) -> None:
    if isinstance(value, float):
        raise TypeError(f"{where} is a float: money is integer fen and no field is a float")
    if isinstance(value, Mapping):
        for key, item in value.items():
            _refuse_floats(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _refuse_floats(item, f"{where}[{i}]")


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    """The JCS canonical JSON of ``fields`` (no floats anywhere)."""
    _refuse_floats(fields, "entry")
    return rfc8785.dumps(dict(fields))


def rfc3339(moment: dt.datetime) -> str:
    """An aware time as RFC 3339 text in UTC with microseconds, e.g. 2026-12-07T23:40:00.000000Z."""
    if moment.tzinfo is None:
        raise ValueError("a ledger time must be aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


FLAT = (str, int, type(None))


def flat_canonical_bytes(fields: Mapping[str, str | int | None]) -> bytes:
    """``canonical_bytes`` for a flat record of text, integers (|n| < 2^53) and nulls under ASCII
    keys — a ledger entry — at the speed of the standard library: for such records JCS is
    sorted keys, no spaces, and JSON's own minimal escapes."""
    for key, value in fields.items():
        if not key.isascii() or not isinstance(value, FLAT) or isinstance(value, bool):
            raise TypeError(f"entry.{key}: a flat record holds text, integers and nulls only")
        if isinstance(value, int) and abs(value) >= 2**53:
            raise TypeError(f"entry.{key}: an integer beyond 2^53 has no exact JSON number")
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def trusted_flat_canonical_bytes(fields: Mapping[str, str | int | None]) -> bytes:
    """``flat_canonical_bytes`` without its checks, for records whose types are already known
    (a verifier re-reading a million stored entries: posting checked each one)."""
    return _ENCODE(fields).encode()
