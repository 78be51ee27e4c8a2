"""Where a policy file applies: region code prefixes and policy categories (``[applies_to]``).

    [applies_to]
    regions = ["53"]                              # code prefixes: a province, city, county …
    categories = ["western", "key_county"]        # every one must hold for the region

A file without ``[applies_to]`` is only used when named (``load_policy("name")``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fupin.i18n import gettext

# The policy categories a region may carry (inherited from the regions above it).
CATEGORIES = ("deep_poverty", "key_county", "western")
PREFIX_LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village


@dataclass(frozen=True)
class Applicability:
    """The regions (code prefixes) and categories a policy file applies to."""

    regions: tuple[str, ...] = ()
    categories: frozenset[str] = frozenset()

    @property
    def declared(self) -> bool:
        """True when the file says where it applies."""
        return bool(self.regions or self.categories)

    def matching_prefix(self, code: str) -> str | None:
        """The longest of the file's prefixes that ``code`` starts with (None: none does)."""
        found = [p for p in self.regions if code.startswith(p)]
        return max(found, key=len) if found else None

    def applies(self, code: str, categories: Iterable[str]) -> bool:
        """True when the region lies in the file's regions (if any) and has all its categories."""
        in_region = not self.regions or self.matching_prefix(code) is not None
        return self.declared and in_region and self.categories <= frozenset(categories)


def read_applicability(raw: Mapping[str, Any]) -> tuple[Applicability, list[tuple[str, str]]]:
    """The ``[applies_to]`` table of a parsed file, and its problems as (field, message)."""
    table = raw.get("applies_to", {})
    problems: list[tuple[str, str]] = []
    if not isinstance(table, Mapping):
        return Applicability(), [("applies_to", gettext("must be a table"))]
    for key in table:
        if key not in ("regions", "categories"):
            problems.append((f"applies_to.{key}", gettext("unknown key (regions or categories)")))
    regions = tuple(str(r) for r in table.get("regions", ()))
    for region in regions:
        if not (region.isdigit() and len(region) in PREFIX_LENGTHS):
            problems.append(
                (
                    "applies_to.regions",
                    gettext("{code} is not a region code prefix").format(code=region),
                )
            )
    categories = frozenset(str(c) for c in table.get("categories", ()))
    for category in sorted(categories - set(CATEGORIES)):
        message = gettext("unknown category {name}; known: {known}")
        problems.append(
            ("applies_to.categories", message.format(name=category, known=", ".join(CATEGORIES)))
        )
    return Applicability(regions=regions, categories=categories), problems
