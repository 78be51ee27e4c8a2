"""A workbook cell's value as the text the user sees: numbers exactly, dates as ISO dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def cell_text(value: object) -> str | None:
    """A cell's value as the text the user typed; numbers exactly, never through float arithmetic."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    text = str(value).strip()
    return text or None


def number_text(value: float) -> str:
    """A numeric cell as decimal text at Excel's precision of 15 significant digits.

    Excel computes and displays numbers to 15 significant digits, so a stored double such as
    904.0500000000001 (noise from a formula or a float conversion) is the 904.05 the user sees;
    a real third decimal such as 1.005 stays and is reported as over-precise.
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(Decimal(format(value, ".15g")), "f")
