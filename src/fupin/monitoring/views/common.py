"""What the monitoring views share: the clock (the procedures' own, in one place)."""

from __future__ import annotations

from fupin.procedure.views.common import now

__all__ = ["now"]
