"""Documents of a household's file: what is accepted, versions, withdrawals, scope; nothing lost."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from samples import PDF_BYTES, jpeg_bytes, png_bytes

from fupin.dossier.errors import DocumentError
from fupin.dossier.models import Document, Withdrawal
from fupin.dossier.selectors import document_lines
from fupin.dossier.services.documents import add_document, withdraw_document
from fupin.registry.models import AppendOnlyError

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 5, 6, 9, 0, tzinfo=dt.UTC)


def _add(cast, content: bytes, name: str = "scan.pdf", actor=None, **kwargs):  # type: ignore[no-untyped-def]
    return add_document(cast.h_a1_1.pk, io.BytesIO(content), name, kind=kwargs.pop("kind", "scan"),
                        title=kwargs.pop("title", "application form"),
                        actor=actor or cast.village_cadre_a1, now=NOW, **kwargs)  # fmt: skip


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [(PDF_BYTES, "form.pdf", "application/pdf"), (png_bytes(), "p.png", "image/png"),
     (jpeg_bytes(), "photo.jpeg", "image/jpeg")],
)  # fmt: skip
def test_pdfs_and_whole_images_are_kept_with_their_hash(cast, content, name, content_type):
    import hashlib

    document = _add(cast, content, name)
    assert document.content_type == content_type and document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    with document.file.open("rb") as stream:
        assert stream.read() == content
    assert document.file.name.endswith(f"{document.sha256}.{document.file.name.rsplit('.', 1)[1]}")


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [(b"", "empty.pdf", "empty"), (b"MZ\x90\x00 an executable", "form.pdf", "not a PDF"),
     (b"<html><script>alert(1)</script>", "photo.png", "not a PDF"),
     (png_bytes()[:40], "cut.png", "damaged"), (PDF_BYTES[:-7], "cut.pdf", "damaged")],
)  # fmt: skip
def test_other_or_damaged_files_are_refused_by_name_and_nothing_is_kept(
    cast, media, content, name, words
):
    with pytest.raises(DocumentError) as refused:
        _add(cast, content, name)
    ((field, message),) = refused.value.errors
    assert field == "file" and name in message and words in message
    assert not Document.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_file_over_the_limit_is_refused(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DocumentError, match="larger than"):
        _add(cast, PDF_BYTES + b"0" * 2000 + b"\n%%EOF\n")
    assert not Document.objects.exists()


def test_a_new_version_keeps_the_old_and_a_withdrawn_document_stays_marked(cast):
    first = _add(cast, PDF_BYTES)
    second = _add(cast, PDF_BYTES + b"% v2\n%%EOF\n", replaces_id=first.pk)
    withdrawal = withdraw_document(second.pk, reason="signed by the wrong person",
                                   actor=cast.village_cadre_a1, now=NOW)  # fmt: skip
    lines = {line.document.pk: line for line in document_lines(cast.h_a1_1, cast.county_office)}
    assert lines[first.pk].replaced and not lines[first.pk].withdrawn
    assert lines[second.pk].withdrawn and lines[second.pk].document.withdrawal == withdrawal
    with pytest.raises(DocumentError, match="already withdrawn"):
        withdraw_document(second.pk, reason="again", actor=cast.village_cadre_a1, now=NOW)
    with pytest.raises(DocumentError, match="withdrawn document"):
        _add(cast, PDF_BYTES, replaces_id=second.pk)
    with pytest.raises(DocumentError, match="reason"):
        withdraw_document(first.pk, reason="  ", actor=cast.village_cadre_a1, now=NOW)
    assert Document.objects.count() == 2 and Withdrawal.objects.count() == 1


def test_one_version_only_replaces_a_document(cast):
    first = _add(cast, PDF_BYTES)
    _add(cast, PDF_BYTES + b"% a\n%%EOF\n", replaces_id=first.pk)
    with pytest.raises(DocumentError, match="Someone else"):
        _add(cast, PDF_BYTES + b"% b\n%%EOF\n", replaces_id=first.pk)
    assert Document.objects.count() == 2


def test_a_document_of_another_household_cannot_be_replaced(cast):
    other = add_document(cast.h_a1_2.pk, io.BytesIO(PDF_BYTES), "x.pdf", kind="scan", title="x",
                         actor=cast.village_cadre_a1, now=NOW)  # fmt: skip
    with pytest.raises(DocumentError, match="not in this household"):
        _add(cast, PDF_BYTES, replaces_id=other.pk)


@pytest.mark.parametrize("user", ["village_cadre_b1", "auditor", "public", "assessor"])
def test_only_field_users_of_the_area_add_documents(cast, user):
    with pytest.raises(PermissionDenied):
        _add(cast, PDF_BYTES, actor=getattr(cast, user))
    assert not Document.objects.exists()


@pytest.mark.parametrize("user", ["village_cadre_b1", "auditor", "public"])
def test_only_field_users_of_the_area_withdraw(cast, user):
    document = _add(cast, PDF_BYTES)
    with pytest.raises(PermissionDenied):
        withdraw_document(document.pk, reason="x", actor=getattr(cast, user), now=NOW)
    assert not Withdrawal.objects.exists()


def test_documents_are_never_changed_or_deleted(cast):
    document = _add(cast, PDF_BYTES)
    with pytest.raises(AppendOnlyError):
        document.delete()
    document.title = "rewritten"
    with pytest.raises(AppendOnlyError):
        document.save()
    with pytest.raises(AppendOnlyError):
        Document.objects.filter(pk=document.pk).update(title="rewritten")
    assert Document.objects.get(pk=document.pk).title == "application form"


def test_readers_see_only_their_area(cast):
    _add(cast, PDF_BYTES)
    assert len(document_lines(cast.h_a1_1, cast.auditor)) == 1
    assert document_lines(cast.h_a1_1, cast.village_cadre_b1) == []
    assert document_lines(cast.h_a1_1, cast.public) == []
