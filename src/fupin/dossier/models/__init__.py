"""The household file's tables."""

from fupin.dossier.models.documents import Document, DossierExport, Withdrawal

__all__ = ["Document", "DossierExport", "Withdrawal"]
