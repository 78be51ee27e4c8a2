"""Queries of the household file: its documents (with versions and withdrawals) and the dossier."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from fupin.dossier.extensions import Section, sections_for
from fupin.dossier.models import Document, DossierExport
from fupin.procedure.models import Signature
from fupin.registry.models import Household
from fupin.registry.permissions import User, visible_to
from fupin.registry.selectors.card import build_card
from fupin.registry.selectors.masking import mask_id


@dataclass(frozen=True)
class DocumentLine:
    """A document as the file lists it: whether it is current, withdrawn or replaced, and intact."""

    document: Document
    withdrawn: bool
    replaced: bool
    intact: bool | None  # None: not checked (the page does not read every file)


def documents_of(household: Household, user: User) -> QuerySet[Document]:
    """The household's documents the user may read, oldest first, with their withdrawals."""
    documents = visible_to(user, Document.objects.filter(household=household))
    return (
        documents.select_related("uploaded_by", "replaces")
        .prefetch_related("withdrawals")
        .order_by("uploaded_at", "id")
    )


def stored_hash(document: Document) -> str | None:
    """The SHA-256 of the document's stored bytes, or None when the file is missing."""
    try:
        with document.file.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def document_lines(household: Household, user: User, *, check: bool = False) -> list[DocumentLine]:
    """The file's documents, each marked withdrawn, replaced and (when ``check``) intact."""
    documents = list(documents_of(household, user))
    replaced = {d.replaces_id for d in documents if d.replaces_id is not None}
    return [
        DocumentLine(
            document=d,
            withdrawn=d.withdrawal is not None,
            replaced=d.pk in replaced,
            intact=(stored_hash(d) == d.sha256) if check else None,
        )
        for d in documents
    ]


def last_exports(household: Household, user: User, limit: int = 5) -> list[DossierExport]:
    """The household's latest dossier exports."""
    exports = visible_to(user, DossierExport.objects.filter(household=household))
    return list(exports.select_related("made_by")[:limit])


@dataclass
class DossierContents:
    """Everything the dossier shows: the card, the sections, the documents, the signatures."""

    household: Household
    card: Any
    members: list[tuple[Any, str]]  # (member, masked ID number)
    sections: list[Section]
    documents: list[DocumentLine]
    signatures: list[tuple[Signature, str]]


def dossier_contents(household: Household, user: User) -> DossierContents:
    """Reads one household's whole file for its dossier, each document's bytes checked."""
    card = build_card(household)
    sections = sections_for(household, user)
    signatures = [entry for section in sections for entry in section.signatures]
    return DossierContents(
        household=household,
        card=card,
        members=[(m, mask_id(m.id_number)) for m in card.members],
        sections=sections,
        documents=document_lines(household, user, check=True),
        signatures=signatures,
    )


@dataclass(frozen=True)
class FoundSignature:
    """A stored signature found by its hash, with the household and what it signs."""

    signature: Signature
    household: Household
    what: str
    intact: bool


def signature_by_hash(user: User, sha256: str) -> FoundSignature | None:
    """The signature with this hash on a record of a household the user may read, if any."""
    from fupin.procedure.services.signatures import verify

    wanted = sha256.strip().lower()
    for signature in Signature.objects.filter(sha256=wanted).select_related("step"):
        step = getattr(signature, "step", None)
        household = _household_of_step(step, user)
        if household is None:
            continue
        for section in sections_for(household, user):
            for held, what in section.signatures:
                if held.pk == signature.pk:
                    return FoundSignature(signature, household, what, verify(signature))
    return None


def _household_of_step(step: Any, user: User) -> Household | None:
    """The household a step's subject belongs to, when the user may read it."""
    subject = getattr(step, "subject", None) if step is not None else None
    household_id = getattr(subject, "household_id", None)
    if household_id is None:
        return None
    return visible_to(user, Household.objects.filter(pk=household_id)).first()
