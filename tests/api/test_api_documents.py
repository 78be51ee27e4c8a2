"""The household file through the API: documents listed, uploaded, read; scope as on the pages."""

from __future__ import annotations

import hashlib

import pytest
from api_clients import client_of
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.dossier.models import Document

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, number: str = "H-a1-2", content: bytes = PDF, **extra):  # type: ignore[no-untyped-def]
    data = {"kind": "agreement", "title": "exit agreement", **extra,
            "file": SimpleUploadedFile("agreement.pdf", content)}  # fmt: skip
    return client.post(f"/api/v1/households/{number}/documents", data)


def test_a_cadre_uploads_lists_and_reads_a_document(cast):
    client = client_of(cast.village_cadre_a1)
    created = _upload(client)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and not body["withdrawn"]
    (listed,) = client.get("/api/v1/households/H-a1-2/documents").json()
    assert listed["id"] == body["id"] and listed["title"] == "exit agreement"
    read = client.get(f"/api/v1/documents/{body['id']}/file")
    assert read.status_code == 200 and b"".join(read.streaming_content) == PDF
    assert read["Cache-Control"] == "private, no-store"


def test_a_refused_upload_names_its_field(cast):
    client = client_of(cast.village_cadre_a1)
    wrong_type = _upload(client, content=b"MZ not a pdf")
    assert wrong_type.status_code == 400 and wrong_type.json()["detail"][0]["field"] == "file"
    wrong_kind = _upload(client, kind="poem")
    assert wrong_kind.status_code == 400 and wrong_kind.json()["detail"][0]["field"] == "kind"
    assert not Document.objects.exists()


def test_the_file_keeps_to_the_readers_area_and_role(cast):
    _upload(client_of(cast.village_cadre_a1))
    document = Document.objects.get()
    outside = client_of(cast.village_cadre_b1)
    assert outside.get("/api/v1/households/H-a1-2/documents").status_code == 404
    assert outside.get(f"/api/v1/documents/{document.pk}/file").status_code == 404
    assert _upload(outside).status_code == 404
    assert client_of(cast.public).get("/api/v1/households/H-a1-2/documents").status_code == 403
    assert _upload(client_of(cast.auditor)).status_code == 403
    assert Document.objects.count() == 1


def test_a_dossier_is_exported_and_checked_through_the_api(cast):
    import io
    import zipfile

    _upload(client_of(cast.village_cadre_a1))
    office = client_of(cast.county_office)
    exported = office.post("/api/v1/households/H-a1-2/dossier")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    assert exported["Cache-Control"] == "private, no-store"
    archive = exported.content
    checked = office.post("/api/v1/dossiers/check", {"file": SimpleUploadedFile("d.zip", archive)})
    body = checked.json()
    assert checked.status_code == 200 and body["household"] == "H-a1-2"
    assert body["ok"] and body["recorded_export"] and body["findings"]
    # A document swapped inside the ZIP is named by the check.
    source = zipfile.ZipFile(io.BytesIO(archive))
    altered = io.BytesIO()
    with zipfile.ZipFile(altered, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(
                name,
                data.replace(b"%%EOF", b"%%EOF\n% changed")
                if name.endswith(".pdf") and "attachments" in name
                else data,
            )
    body = office.post("/api/v1/dossiers/check",
                       {"file": SimpleUploadedFile("d.zip", altered.getvalue())}).json()  # fmt: skip
    assert not body["ok"] and any(not f["ok"] for f in body["findings"])


def test_the_dossier_endpoints_keep_to_roles_and_areas(cast):
    assert (
        client_of(cast.paired_helper_a1).post("/api/v1/households/H-a1-2/dossier").status_code
        == 403
    )
    assert (
        client_of(cast.township_office_b).post("/api/v1/households/H-a1-2/dossier").status_code
        == 404
    )
    junk = client_of(cast.auditor).post("/api/v1/dossiers/check",
                                        {"file": SimpleUploadedFile("d.zip", b"not a zip")})  # fmt: skip
    assert junk.status_code == 400 and junk.json()["detail"]
