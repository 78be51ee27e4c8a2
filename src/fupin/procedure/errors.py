"""Refusals of the procedure engine; each names the field it is about."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


class ProcedureError(ValueError):
    """A step or input refused; ``errors`` lists (field, message)."""

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors))

    @property
    def fields(self) -> list[str]:
        """The fields that have errors, in order."""
        return [field for field, _message in self.errors]


class NotAllowed(ProcedureError):
    """The user's role or scope does not allow this step."""


class StaleVersion(ProcedureError):
    """Someone else changed the subject since it was read (optimistic locking)."""

    def __init__(self, label: str, expected: int) -> None:
        self.expected = expected
        super().__init__(
            [
                (
                    "version",
                    _(
                        "%(subject)s was changed by someone else since version %(version)d; "
                        "reload it and try again"
                    )
                    % {"subject": label, "version": expected},
                )
            ]
        )


class StaleObjectionError(StaleVersion):
    """Someone else resolved or changed the objection since it was read."""

    def __init__(self, objection_id: int, expected: int) -> None:
        super().__init__(_("objection %(id)d") % {"id": objection_id}, expected)
