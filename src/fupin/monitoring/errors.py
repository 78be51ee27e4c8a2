"""Refusals of the monitoring services: the procedure engine's errors, each naming its field.

Views catch ``ProcedureError``, the base of every refusal here; ``NotAllowed`` is a refused
role or scope.
"""

from __future__ import annotations

from fupin.procedure.errors import NotAllowed, ProcedureError


class MonitoringError(ProcedureError):
    """Monitoring input refused; ``errors`` lists (field, message)."""


__all__ = ["MonitoringError", "NotAllowed", "ProcedureError"]
