"""What subsystem apps add to the registry's pages without the registry importing them.

A subsystem registers, in its ``AppConfig.ready()``, the links the household card shows (e.g.
monitoring's "alerts of this household") and the lists it lets users export; the registry only
keeps these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict


@dataclass(frozen=True)
class HouseholdLink:
    """A link on the household card: its label and the URL name taking the household number."""

    label: Any
    url_name: str
    permission: str  # the permission (by name) the reader needs for the link to show


HOUSEHOLD_LINKS: list[HouseholdLink] = []


def add_household_link(link: HouseholdLink) -> None:
    """Adds a link to every household card (once)."""
    if link not in HOUSEHOLD_LINKS:
        HOUSEHOLD_LINKS.append(link)


@dataclass(frozen=True)
class Listing:
    """A list as a spreadsheet has it: the header in the reader's language, how many rows the
    filters keep, and the rows (read when written, so a county's list is never all in memory)."""

    header: list[str]
    count: int
    rows: Iterable[Sequence[Any]]


@dataclass(frozen=True)
class ListExport:
    """A list page that can be exported: its name, the file's stem, the permission its page
    needs, and ``build(user, query, today)``, which filters as the page does (``query`` is the
    page's own query string, parsed) within the user's scope."""

    name: str
    stem: str
    permission: str
    build: Callable[[Any, QueryDict, dt.date], Listing]


LIST_EXPORTS: dict[str, ListExport] = {}


def add_list_export(export: ListExport) -> None:
    """Declares a list's export (once per name)."""
    known = LIST_EXPORTS.get(export.name)
    if known is not None and known != export:
        raise ValueError(f"the list export {export.name} is already declared")
    LIST_EXPORTS[export.name] = export
