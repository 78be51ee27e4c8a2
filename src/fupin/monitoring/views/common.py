"""What the monitoring views share: the clock."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The request's clock: views read it once and pass it to the services."""
    return timezone.now()
