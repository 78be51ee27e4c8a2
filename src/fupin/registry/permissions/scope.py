"""A user's scope: the region code prefix under which everything they see lies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

from fupin.registry.permissions.roles import Role

if TYPE_CHECKING:
    from fupin.registry.models import Region
    from fupin.registry.permissions.users import User


@dataclass(frozen=True)
class Scope:
    """``prefix`` "" covers every region, None covers nothing; else the regions it begins."""

    prefix: str | None
    role: Role | None = None
    region: Region | None = None
    everything: bool = False

    @property
    def empty(self) -> bool:
        """True when the scope covers no region at all."""
        return self.prefix is None

    def covers(self, code: str) -> bool:
        """True when the region code lies inside the scope."""
        return self.prefix is not None and code.startswith(self.prefix)


NOTHING = Scope(prefix=None)


def active_user(user: User | None) -> bool:
    """True for a logged-in, active user."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def scope_of(user: User | None) -> Scope:
    """The user's scope: their profile's region and role; superusers cover every region."""
    if not active_user(user):
        return NOTHING
    assert user is not None
    if getattr(user, "is_superuser", False):
        return Scope(prefix="", everything=True)
    try:
        profile = user.profile  # type: ignore[union-attr]
    except (ObjectDoesNotExist, AttributeError):
        return NOTHING
    region = profile.region
    return Scope(prefix=region.prefix, role=Role(profile.role), region=region)
