"""Template helpers of the web pages."""

from __future__ import annotations

from typing import Any

from django import template

from fupin.web.access import may_see_households as _may_see_households

register = template.Library()


@register.filter
def may_see_households(user: Any) -> bool:
    """True when the user's role may open village lists, household cards and search."""
    return bool(getattr(user, "is_authenticated", False)) and _may_see_households(user)
