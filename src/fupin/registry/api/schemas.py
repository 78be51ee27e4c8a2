"""What the registry's endpoints answer: regions, households, members (ID numbers masked),
income records in integer fen, and status events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from fupin.registry.api.common import Payload
from fupin.registry.models import Household, IncomeRecord, Member

# The card's fields a household carries in the API (the same the corrections service changes).
HOUSEHOLD_FACTS = tuple(
    f.name for f in Household._meta.concrete_fields
    if f.editable and f.name not in {"id", "number", "status", "version", "village"}
)  # fmt: skip
MEMBER_FACTS = tuple(
    f.name for f in Member._meta.concrete_fields
    if f.name not in {"id", "household", "id_number"}
)  # fmt: skip
MONEY_FIELDS = tuple(
    f.name for f in IncomeRecord._meta.concrete_fields
    if f.get_internal_type() == "DecimalField"
)  # fmt: skip


class RegionOut(Schema):
    """A region: its 12-digit code, name, level and parent's code."""

    code: str
    name: str
    level: str
    parent: str | None
    deep_poverty: bool

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        """The parent region's code."""
        return obj.parent.code if obj.parent_id else None


class HouseholdOut(Schema):
    """A household's card: its number, village, status, version and facts."""

    number: str
    village: str
    status: str
    version: int
    facts: dict[str, Any]

    @staticmethod
    def resolve_village(obj: Any) -> str:
        """The village's code."""
        return str(obj.village.code)

    @staticmethod
    def resolve_facts(obj: Any) -> dict[str, Any]:
        """The card's fields, dates as ISO text and decimals as exact text."""
        return {name: _plain(getattr(obj, name), name) for name in HOUSEHOLD_FACTS}


class MemberOut(Schema):
    """A member, with the ID number masked (the full number is its own, logged, read)."""

    id: int
    id_number_masked: str
    facts: dict[str, Any]

    @staticmethod
    def resolve_id_number_masked(obj: Any) -> str:
        """The ID number with birth date and sequence hidden."""
        return str(obj.masked_id)

    @staticmethod
    def resolve_facts(obj: Any) -> dict[str, Any]:
        """The member's fields but the ID number."""
        return {name: _plain(getattr(obj, name), name) for name in MEMBER_FACTS}


class IncomeOut(Schema):
    """One year's income record; every amount in integer fen."""

    year: int
    amounts_fen: dict[str, int | None]

    @staticmethod
    def resolve_amounts_fen(obj: Any) -> dict[str, int | None]:
        """Every amount of the record in fen."""
        return {name: fen(getattr(obj, name)) for name in MONEY_FIELDS}


class EventOut(Schema):
    """A status event of the household's append-only history."""

    kind: str
    status_after: str
    occurred_at: dt.datetime
    actor: str | None
    reason: str
    policy_id: str
    policy_hash: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        """Who recorded the event."""
        return obj.actor.get_username() if obj.actor_id else None


class CorrectionIn(Payload):
    """Card fields to change, why, and the version read (or send If-Match)."""

    changes: dict[str, Any]
    reason: str
    version: int | None = None


class FullIdOut(Schema):
    """A member's full ID number (the read is logged with its purpose)."""

    id: int
    id_number: str


# Each decimal field's places, so that 4.5 mu always reads "4.50", however it was stored.
PLACES = {
    f.name: f.decimal_places
    for model in (Household, Member)
    for f in model._meta.concrete_fields
    if f.get_internal_type() == "DecimalField"
}


def _plain(value: Any, name: str = "") -> Any:
    if name in PLACES and value is not None:
        return f"{Decimal(str(value)):.{PLACES[name]}f}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fen(value: Decimal | None) -> int | None:
    """Yuan with two decimals as integer fen (exact: the registry keeps whole fen)."""
    return None if value is None else int((value * 100).to_integral_exact())
