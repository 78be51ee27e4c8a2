"""Errors raised while loading or querying a policy."""

from __future__ import annotations


class PolicyError(ValueError):
    """A policy file is missing, malformed or invalid; the message names the file and field path."""

    def __init__(self, message: str, *, file: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.path = path


class PolicyYearError(PolicyError):
    """A policy was asked about a year it does not cover."""

    def __init__(self, message: str, *, year: int, policy_id: str) -> None:
        super().__init__(message, path=str(year))
        self.year = year
        self.policy_id = policy_id
