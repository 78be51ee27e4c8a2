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


class StaleVersionError(RecordError):
    """Someone else changed the record since it was read (optimistic locking); field ``version``.

    ``label`` names the record for the user, e.g. "household 5301020001".
    """

    def __init__(self, label: str, expected: int) -> None:
        self.label = label
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


def household_label(number: str) -> str:
    """How a refusal names a household."""
    return _("household %(number)s") % {"number": number}
