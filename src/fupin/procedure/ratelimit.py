"""A per-address rate limit for the public forms (reports, objections) on the shared cache."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def over_limit(request: HttpRequest, form: str, limit: int, window_seconds: int) -> bool:
    """Counts this submission of ``form`` from the request's address; True past ``limit``."""
    key = f"fupin:rate:{form}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return count > limit
