"""The household's dossier: one PDF with its table of contents and every signature's hash, the
attachments as stored, and a manifest of hashes, in one ZIP; each export is recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import get_language

from fupin.dossier.models import DossierExport
from fupin.dossier.permissions import EXPORT_DOSSIER
from fupin.dossier.selectors import DocumentLine, DossierContents, dossier_contents
from fupin.pdf import CJK_FONTS, html_to_pdf
from fupin.registry.models import Household
from fupin.registry.permissions import User, account_of, require

FORMAT = "fupin-dossier/1"
PDF_NAME = "dossier.pdf"
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Dossier:
    """An exported dossier: its file name and its ZIP bytes."""

    filename: str
    content: bytes
    export: DossierExport


def attachment_path(line: DocumentLine) -> str:
    """Where a document lies inside the ZIP."""
    document = line.document
    extension = document.file.name.rsplit(".", 1)[-1]
    return f"attachments/{document.pk:06d}-{document.kind}.{extension}"


def _manifest(contents: DossierContents, pdf_sha: str, actor: User, now: dt.datetime) -> bytes:
    household = contents.household
    data: dict[str, Any] = {
        "format": FORMAT,
        "household": {"number": household.number, "village": household.village.code},
        "made_at": now.isoformat(),
        "made_by": getattr(actor, "username", ""),
        "pdf": {"path": PDF_NAME, "sha256": pdf_sha},
        "signatures": [
            {"id": s.pk, "sha256": s.sha256, "signer": s.signer_name, "role": s.role,
             "signed_at": s.signed_at.isoformat(), "what": what}
            for s, what in contents.signatures
        ],
        "documents": [
            {"id": line.document.pk, "sha256": line.document.sha256, "size": line.document.size,
             "kind": line.document.kind, "title": line.document.title,
             "replaces": line.document.replaces_id, "withdrawn": line.withdrawn,
             "path": attachment_path(line) if line.intact else None}
            for line in contents.documents
        ],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _zip(pdf: bytes, manifest: bytes, documents: list[DocumentLine]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PDF_NAME, pdf)
        archive.writestr(MANIFEST_NAME, manifest)
        for line in documents:
            if line.intact:  # a missing or altered stored file is listed, never passed on
                with line.document.file.open("rb") as stream:
                    archive.writestr(attachment_path(line), stream.read())
    return buffer.getvalue()


def render_dossier_pdf(contents: DossierContents, actor: User, now: dt.datetime) -> bytes:
    """The dossier's PDF, in the active language."""
    # Each subsystem's section is its own template, rendered first and placed as it is.
    sections = [(s, render_to_string(s.template, s.context)) for s in contents.sections]
    context = {"c": contents, "sections": sections, "made_at": now, "made_by": actor,
               "fonts": CJK_FONTS, "language": get_language() or "zh-hans"}  # fmt: skip
    return html_to_pdf(render_to_string("dossier/dossier.html", context))


def export_dossier(household_id: int, *, actor: User, now: dt.datetime) -> Dossier:
    """Builds and records the household's dossier (PDF, attachments, manifest) as one ZIP."""
    household = Household.objects.select_related("village").get(pk=household_id)
    require(actor, EXPORT_DOSSIER, household)
    contents = dossier_contents(household, actor)
    pdf = render_dossier_pdf(contents, actor, now)
    manifest = _manifest(contents, hashlib.sha256(pdf).hexdigest(), actor, now)
    with transaction.atomic():
        export = DossierExport.objects.create(
            household=household, made_by=account_of(actor), made_at=now,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
        )  # fmt: skip
    filename = f"dossier-{household.number}-{now:%Y%m%d-%H%M%S}.zip"
    return Dossier(filename, _zip(pdf, manifest, contents.documents), export)
