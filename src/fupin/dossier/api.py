"""The household file's endpoints: a household's documents (listed, read, added), its dossier
exported, and an exported dossier checked."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from fupin.dossier.models import Document
from fupin.dossier.permissions import EXPORT_DOSSIER, VIEW_FILE
from fupin.dossier.selectors import document_lines
from fupin.dossier.services.documents import add_document
from fupin.dossier.services.export import export_dossier
from fupin.dossier.services.verify import verify_dossier
from fupin.pdf import PdfUnavailable
from fupin.registry.api.common import caller
from fupin.registry.models import Household
from fupin.registry.permissions import require, visible_to

router = Router(tags=["household file"])


class DocumentOut(Schema):
    """A document of a household's file: what it is, its hash, and whether it is current."""

    id: int
    kind: str
    title: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str | None
    replaces: int | None
    replaced: bool
    withdrawn: bool
    withdrawal_reason: str


def _line(line: Any) -> dict[str, Any]:
    document = line.document
    withdrawal = document.withdrawal
    return {
        "id": document.pk, "kind": document.kind, "title": document.title,
        "content_type": document.content_type, "size": document.size, "sha256": document.sha256,
        "uploaded_at": document.uploaded_at,
        "uploaded_by": document.uploaded_by.get_username() if document.uploaded_by else None,
        "replaces": document.replaces_id, "replaced": line.replaced, "withdrawn": line.withdrawn,
        "withdrawal_reason": withdrawal.reason if withdrawal else "",
    }  # fmt: skip


def _household(request: HttpRequest, number: str) -> Household:
    require(caller(request), VIEW_FILE)
    return get_object_or_404(visible_to(caller(request), Household.objects.all()), number=number)


@router.get("/households/{number}/documents", response=list[DocumentOut])
def documents(request: HttpRequest, number: str) -> Any:
    """The household's documents, oldest first, every version and withdrawal kept."""
    return [_line(line) for line in document_lines(_household(request, number), caller(request))]


@router.get("/documents/{document_id}/file")
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    """The document's bytes as stored (never cached)."""
    require(caller(request), VIEW_FILE)
    document = get_object_or_404(
        visible_to(caller(request), Document.objects.all()), pk=document_id
    )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/households/{number}/documents", response={201: DocumentOut})
def upload(
    request: HttpRequest,
    number: str,
    file: File[UploadedFile],
    kind: Form[str],
    title: Form[str],
    replaces: Form[int | None] = None,
) -> Any:
    """Adds a document (PDF, JPEG or PNG) to the file, or a new version of one (``replaces``)."""
    household = _household(request, number)
    document = add_document(household.pk, file, file.name or "upload", kind=kind, title=title,
                            actor=caller(request), now=timezone.now(), replaces_id=replaces)  # fmt: skip
    line = next(
        x for x in document_lines(household, caller(request)) if x.document.pk == document.pk
    )
    return Status(201, _line(line))


class FindingOut(Schema):
    """One record of a dossier as checked: what it is, whether it matches, and why not."""

    subject: str
    ok: bool
    detail: str


class CheckOut(Schema):
    """A dossier checked against the stored records: every finding, and what came after it."""

    household: str
    made_at: dt.datetime | None
    recorded_export: bool  # the system recorded making this very dossier
    ok: bool
    findings: list[FindingOut]
    newer: list[str]


@router.post("/households/{number}/dossier")
def export(request: HttpRequest, number: str) -> HttpResponse:
    """The household's dossier as one ZIP (the PDF with every signature's hash, the attachments,
    the manifest); the export is recorded, so the copy can be checked later."""
    household = _household(request, number)
    require(caller(request), EXPORT_DOSSIER, household)
    try:
        dossier = export_dossier(household.pk, actor=caller(request), now=timezone.now())
    except PdfUnavailable as exc:
        raise HttpError(503, str(exc)) from None
    response = HttpResponse(dossier.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, dossier.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/dossiers/check", response=CheckOut)
def check(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Checks an exported dossier (its ZIP) against the stored records, as the check page does."""
    report = verify_dossier(file, user=caller(request))
    findings = [{"subject": f.subject, "ok": f.ok, "detail": f.detail} for f in report.findings]
    return {"household": report.household.number, "made_at": report.made_at,
            "recorded_export": report.export is not None,
            "ok": all(f["ok"] for f in findings) and report.export is not None,
            "findings": findings, "newer": report.newer}  # fmt: skip
