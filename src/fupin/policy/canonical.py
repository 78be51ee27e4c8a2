"""Canonical JSON of policy values: the same values always give the same text, hence the same hash.

Key order and the file's formatting disappear (keys sorted, compact separators); numbers that are
equal are written the same way (``2800``, ``2800.0`` and ``2800.00`` all become ``"2800"``), so only
a change of value changes the hash.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any


def _plain(value: Any) -> Any:
    """A JSON-ready copy: mappings with string keys, lists, and exact numbers as strings."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value


def _decimal_text(value: Decimal) -> str:
    """A Decimal without trailing zeros or exponent: 2800.00 → "2800", 0.50 → "0.5"."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def canonical_json(values: Mapping[str, Any]) -> str:
    """Sorted-key, compact, UTF-8 JSON of ``values``."""
    return json.dumps(_plain(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
