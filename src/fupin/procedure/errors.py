"""Refusals of the procedure engine; each names the field it is about.

They are the registry's refusals (``RecordError``: a list of (field, message)), so one ``except``
serves a form whether a registry service or a procedure step refused it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError, StaleVersionError


class ProcedureError(RecordError):
    """A step or input refused; ``errors`` lists (field, message)."""


class NotAllowed(ProcedureError):
    """The user's role or scope does not allow this step."""


class StaleVersion(ProcedureError, StaleVersionError):
    """Someone else changed the subject since it was read (optimistic locking)."""


class StaleObjectionError(StaleVersion):
    """Someone else resolved or changed the objection since it was read."""

    def __init__(self, objection_id: int, expected: int) -> None:
        super().__init__(_("objection %(id)d") % {"id": objection_id}, expected)
