"""Errors of the registry services; each validation error names the field it is about."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


class RegistryError(Exception):
    """Base class of the registry's refusals."""


class RecordError(RegistryError, ValueError):
    """Input refused; ``errors`` lists (field path, message), e.g. ("members[2].id_number", "…")."""

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors))

    @property
    def fields(self) -> list[str]:
        """The field paths that have errors, in order."""
        return [path for path, _message in self.errors]


class IllegalTransition(RegistryError):
    """An event that the household's current status does not allow."""

    def __init__(self, status: str, kind: str) -> None:
        self.status = status
        self.kind = kind
        super().__init__(
            _("a household with status %(status)s cannot receive the event %(kind)s")
            % {"status": status, "kind": kind}
        )


class StaleVersionError(RegistryError):
    """Someone else changed the household since it was read (optimistic locking)."""

    def __init__(self, number: str, expected: int) -> None:
        self.number = number
        self.expected = expected
        super().__init__(
            _(
                "household %(number)s was changed by someone else since version %(version)d; "
                "reload it and try again"
            )
            % {"number": number, "version": expected}
        )
