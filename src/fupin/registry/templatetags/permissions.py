"""Template helpers of the permissions module: ``{% load permissions %}``."""

from __future__ import annotations

from django import template

from fupin.registry.permissions import User
from fupin.registry.permissions import can as _can

register = template.Library()


@register.filter
def can(user: User, permission: str) -> bool:
    """``{% if user|can:"registry.view_households" %}``: the permissions module's answer."""
    return _can(user, permission)
