"""The household file's endpoints: a household's documents (listed, read, added)."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from fupin.dossier.models import Document
from fupin.dossier.permissions import VIEW_FILE
from fupin.dossier.selectors import document_lines
from fupin.dossier.services.documents import add_document
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
