"""Refusals of the household file; each names its field (the registry's RecordError)."""

from __future__ import annotations

from fupin.registry.errors import RecordError


class DocumentError(RecordError):
    """An upload or a withdrawal refused; ``errors`` lists (field, message)."""


class DossierUnreadable(RecordError):
    """A dossier given for checking is not one Fupin made (not a ZIP, no manifest, bad JSON)."""
