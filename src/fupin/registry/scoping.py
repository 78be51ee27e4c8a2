"""Region scoping: a user sees the region of their profile and everything under it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist


def scope_prefix(user: Any) -> str | None:
    """The code prefix a user may see: "" for superusers, None when nothing is visible."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    try:
        profile = user.profile
    except (ObjectDoesNotExist, AttributeError):
        return None
    return profile.region.prefix


def in_scope(user: Any, code: str) -> bool:
    """True when the region code lies inside the user's scope."""
    prefix = scope_prefix(user)
    return prefix is not None and code.startswith(prefix)
