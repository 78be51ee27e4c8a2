"""Job kinds: each declared once by its subsystem, with the permission starting it needs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fupin.jobs.services.runs import JobContext
    from fupin.registry.permissions import Permission

Work = Callable[["JobContext", dict[str, Any]], dict[str, Any]]
_KINDS: dict[str, JobKind] = {}


@dataclass(frozen=True)
class JobKind:
    """A kind of long work: its name, its label, who may start it, and the function doing it.

    ``run(context, params)`` does the work inside the job's one transaction, reports progress
    through ``context``, and returns the result to keep (JSON); an exception fails the job and
    rolls back everything it wrote.
    """

    name: str
    label: Any
    permission: Permission
    run: Work
    results: Mapping[str, Any] = field(default_factory=dict)  # result key → its label
    download: str | None = None  # the URL name (taking the job's id) of the file it made


def job_kind(
    name: str,
    label: Any,
    permission: Permission,
    results: Mapping[str, Any] | None = None,
    download: str | None = None,
) -> Callable[[Work], Work]:
    """Declares the decorated function as the job kind ``name`` (once); ``results`` labels the
    keys of the result it returns, for the job's page; ``download`` names the URL of the file
    it makes, offered to whoever started it."""

    def register(work: Work) -> Work:
        if name in _KINDS and _KINDS[name].run is not work:
            raise ValueError(f"the job kind {name} is already declared")
        _KINDS[name] = JobKind(name, label, permission, work, dict(results or {}), download)
        return work

    return register


def kind_named(name: str) -> JobKind:
    """The declared kind ``name``; raises KeyError."""
    return _KINDS[name]


def declared_kinds() -> dict[str, JobKind]:
    """Every declared kind, by name."""
    return dict(_KINDS)
