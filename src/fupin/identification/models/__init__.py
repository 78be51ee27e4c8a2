"""The identification app's models."""

from fupin.identification.models.case import Case, CaseQuerySet

__all__ = ["Case", "CaseQuerySet"]
