"""The identification app's models."""

from fupin.identification.models.case import Case, CaseQuerySet
from fupin.identification.models.registries import RegistryImport, RegistryRecord

__all__ = ["Case", "CaseQuerySet", "RegistryImport", "RegistryRecord"]
