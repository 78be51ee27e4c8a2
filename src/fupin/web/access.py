"""Who may see household-level pages (scope aside), and the access log."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied

access_log = logging.getLogger("fupin.access")

# The public reads aggregated figures and notices, never individual households.
AGGREGATE_ONLY_ROLES = frozenset({"public"})


def role_of(user: Any) -> str | None:
    """The user's role, "superuser" for superusers, None without a profile."""
    if user.is_superuser:
        return "superuser"
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def may_see_households(user: Any) -> bool:
    """True when the user's role may open village lists, household cards and search."""
    return role_of(user) not in AGGREGATE_ONLY_ROLES


def require_household_access(user: Any) -> None:
    """Raises PermissionDenied (HTTP 403) for roles that see aggregates only."""
    if not may_see_households(user):
        raise PermissionDenied
