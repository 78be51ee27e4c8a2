"""What subsystems add to a household's dossier without this app importing them.

A subsystem registers, in its ``AppConfig.ready()``, a section builder: given the household and
the reader, it returns the section's title, the template that renders it inside the dossier and
that template's context, and the signatures the section shows. The dossier lists every section's
signatures with their hashes, and the check of an exported dossier asks the same builders which
signatures the household's records hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fupin.procedure.models import Signature


@dataclass(frozen=True)
class Section:
    """One part of the dossier, from one subsystem."""

    title: Any
    template: str
    context: dict[str, Any]
    signatures: list[tuple[Signature, str]] = field(default_factory=list)  # (signature, what)


SectionBuilder = Callable[[Any, Any], Section | None]  # (household, reader) → section or None
SECTION_BUILDERS: dict[str, SectionBuilder] = {}


def add_section(key: str, builder: SectionBuilder) -> None:
    """Adds a section to every household's dossier (once per key, in the order added)."""
    SECTION_BUILDERS.setdefault(key, builder)


def sections_for(household: Any, reader: Any) -> list[Section]:
    """The sections of the household's dossier that have something to show."""
    built = (builder(household, reader) for builder in SECTION_BUILDERS.values())
    return [section for section in built if section is not None]
