"""What the pages of every procedure share: the request's clock and the version a form was built on."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone


def now() -> dt.datetime:
    """The request's clock: views read it once and pass it to the services."""
    return timezone.now()


def posted_version(request: HttpRequest) -> int:
    """The subject's version the posted form was built from (-1 when missing: always stale)."""
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else -1
