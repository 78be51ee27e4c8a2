"""Template helpers of the permissions module: ``{% load permissions %}``."""

from __future__ import annotations

from typing import Any

from django import template

from fupin.registry.permissions import can as _can

register = template.Library()


@register.filter
def can(user: Any, permission: str) -> bool:
    """``{% if user|can:"registry.view_households" %}``: the permissions module's answer."""
    return _can(user, permission)
