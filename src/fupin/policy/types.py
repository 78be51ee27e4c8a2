"""Value types of policy fields: amounts in yuan, shares, counts, years and per-year tables.

TOML is read with ``parse_float=Decimal`` so ``0.05`` arrives as ``Decimal("0.05")`` exactly; the
validators below reject strings and booleans where a number is meant (a quoted "0.05" is a typo
that must not pass silently) and report problems with the messages of ``messages.MESSAGES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError

from fupin.policy.messages import MESSAGES

FIRST_YEAR = 1978  # the start of China's rural poverty statistics; earlier years are typos
LAST_YEAR = 2100
FEN = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 12  # yuan; anything larger is a typo (and would overflow quantize)

# A file's id, or the ids of a composed policy joined by "+" (cn-53+cn-west-key-county).
_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9-]*(\+[a-z0-9][a-z0-9-]*)*")

T = TypeVar("T")


def _error(kind: str, **ctx: Any) -> PydanticCustomError:
    """A validation error whose ``kind`` selects the (translatable) message."""
    return PydanticCustomError(kind, MESSAGES[kind], ctx)


def _as_decimal(value: Any) -> Decimal:
    """A number from TOML or Python as an exact Decimal; strings and booleans are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _error("number", got=type(value).__name__)
    decimal = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not decimal.is_finite():
        raise _error("number", got=str(value))
    return decimal


def _amount(value: Any) -> Decimal:
    """An amount in yuan: non-negative, at most two decimal places (whole fen)."""
    decimal = _as_decimal(value)
    if decimal < 0:
        raise _error("amount_negative")
    if decimal >= MAX_AMOUNT:
        raise _error("amount_large", bound=f"{MAX_AMOUNT:,.0f}")
    if decimal != decimal.quantize(FEN):
        raise _error("amount_fen")
    return decimal.quantize(FEN)


def _share(value: Any) -> Decimal:
    """A share or rate between 0 and 1 inclusive."""
    decimal = _as_decimal(value)
    if not Decimal(0) <= decimal <= Decimal(1):
        raise _error("share")
    return decimal


def _positive(value: Any) -> Decimal:
    """A strictly positive multiplier or ratio."""
    decimal = _as_decimal(value)
    if decimal <= 0:
        raise _error("positive")
    return decimal


def _count(value: Any) -> int:
    """A whole non-negative number (days, months, years, ages, people)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error("count", got=type(value).__name__)
    if value < 0:
        raise _error("count_negative")
    return value


def _flag(value: Any) -> bool:
    """A TOML boolean (true / false); 0, 1 or "yes" are refused."""
    if not isinstance(value, bool):
        raise _error("flag", got=type(value).__name__)
    return value


def _fraction(value: Any) -> Fraction:
    """A share written exactly, e.g. "2/3", or as a number between 0 and 1."""
    if isinstance(value, Fraction):
        fraction = value
    elif isinstance(value, str):
        try:
            fraction = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise _error("fraction", got=value) from None
    else:
        fraction = Fraction(_as_decimal(value))
    if not 0 <= fraction <= 1:
        raise _error("share")
    return fraction


def _year(value: Any) -> int:
    """A calendar year key of a per-year table ("2014" in TOML)."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit():
        raise _error("year", got=text)
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _error("year_range", got=year, first=FIRST_YEAR, last=LAST_YEAR)
    return year


def _freeze(table: Mapping[int, T]) -> Mapping[int, T]:
    """A read-only, year-sorted view so a loaded policy cannot be changed in place."""
    return MappingProxyType(dict(sorted(table.items())))


def _code(value: Any) -> str:
    """A machine-readable code: lower-case ASCII letters, digits and underscores."""
    if (
        not isinstance(value, str)
        or not value
        or not all(c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in value)
    ):
        raise _error("code", got=str(value))
    return value


def policy_id(value: Any) -> str | None:
    """A policy id such as "cn" or "cn-53": lower-case ASCII letters, digits and hyphens."""
    if value is None:
        return None
    if not isinstance(value, str) or not _POLICY_ID.fullmatch(value):
        raise _error("policy_id", got=str(value))
    return value


def text(value: Any) -> str:
    """Non-empty text (titles, versions)."""
    if not isinstance(value, str) or not value.strip():
        raise _error("not_text")
    return value


def _before(check: Callable[[Any], Any]) -> BeforeValidator:
    """Runs our own check before pydantic sees the value, so messages stay ours."""
    return BeforeValidator(check)


Amount = Annotated[Decimal, _before(_amount)]
Share = Annotated[Decimal, _before(_share)]
Positive = Annotated[Decimal, _before(_positive)]
Count = Annotated[int, _before(_count)]
Flag = Annotated[bool, _before(_flag)]
ExactShare = Annotated[Fraction, _before(_fraction), PlainSerializer(str)]
Year = Annotated[int, _before(_year)]
Code = Annotated[str, _before(_code)]
AmountByYear = Annotated[Mapping[Year, Amount], AfterValidator(_freeze), PlainSerializer(dict)]
ShareByYear = Annotated[Mapping[Year, Share], AfterValidator(_freeze), PlainSerializer(dict)]
