"""What subsystem apps add to the registry's pages without the registry importing them.

A subsystem registers, in its ``AppConfig.ready()``, the links the household card shows (e.g.
monitoring's "alerts of this household"); the registry only reads this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
