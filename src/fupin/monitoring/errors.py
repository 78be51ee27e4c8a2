"""Refusals of the monitoring services; each names the field it is about."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


class MonitoringError(ValueError):
    """Input or step refused; ``errors`` lists (field, message)."""

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors))

    @property
    def fields(self) -> list[str]:
        """The fields that have errors, in order."""
        return [field for field, _message in self.errors]


class StaleAlertError(MonitoringError):
    """Someone else changed the alert since it was read (optimistic locking)."""

    def __init__(self, alert_id: int, expected: int) -> None:
        self.alert_id = alert_id
        self.expected = expected
        super().__init__(
            [
                (
                    "version",
                    _(
                        "alert %(alert)d was changed by someone else since version %(version)d; "
                        "reload it and try again"
                    )
                    % {"alert": alert_id, "version": expected},
                )
            ]
        )


class NotAllowed(MonitoringError):
    """The user's role may not take this action."""
