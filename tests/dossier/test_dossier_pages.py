"""The household file's pages: upload, read, withdraw, export and check, with scope and CSRF."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from samples import PDF_BYTES, png_bytes

from fupin.dossier.models import Document, DossierExport, Withdrawal
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _upload(client: Client, number: str, content: bytes, name: str = "form.pdf", **extra):  # type: ignore[no-untyped-def]
    data = {"kind": "agreement", "title": "exit agreement", **extra,
            "file": SimpleUploadedFile(name, content)}  # fmt: skip
    return client.post(f"/files/households/{number}/", data)


def test_a_cadre_adds_a_document_and_reads_it_back(cast):
    client = _client(cast.village_cadre_a1)
    response = _upload(client, "H-a1-1", png_bytes())
    assert response.status_code == 302
    document = Document.objects.get()
    page = client.get("/files/households/H-a1-1/")
    assert page.status_code == 200 and b"exit agreement" in page.content
    served = client.get(f"/files/documents/{document.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content) == png_bytes()


def test_a_refused_upload_names_the_file_and_keeps_nothing(cast):
    response = _upload(_client(cast.village_cadre_a1), "H-a1-1", b"<script>x</script>", "a.pdf")
    assert response.status_code == 400 and b"a.pdf is not a PDF or an image" in response.content
    assert not Document.objects.exists()


def test_the_title_is_escaped(cast):
    client = _client(cast.village_cadre_a1)
    _upload(client, "H-a1-1", PDF_BYTES, title="<b>bold</b>")
    page = client.get("/files/households/H-a1-1/").content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in page and b"<b>bold</b>" not in page


def test_another_areas_household_and_its_documents_are_not_found(cast):
    _upload(_client(cast.village_cadre_a1), "H-a1-1", PDF_BYTES)
    document = Document.objects.get()
    other = _client(cast.village_cadre_b1)
    assert other.get("/files/households/H-a1-1/").status_code == 404
    assert other.get(f"/files/documents/{document.pk}/").status_code == 404
    assert _upload(other, "H-a1-1", PDF_BYTES).status_code == 404
    assert Document.objects.count() == 1


def test_the_public_and_anonymous_visitors_see_no_file(cast):
    assert _client(cast.public).get("/files/households/H-a1-1/").status_code == 403
    assert Client().get("/files/households/H-a1-1/").status_code == 302  # to the login


def test_posts_need_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.village_cadre_a1)
    assert _upload(client, "H-a1-1", PDF_BYTES).status_code == 403
    assert not Document.objects.exists()


def test_a_cadre_withdraws_with_a_reason(cast):
    client = _client(cast.village_cadre_a1)
    _upload(client, "H-a1-1", PDF_BYTES)
    document = Document.objects.get()
    refused = client.post(f"/files/documents/{document.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 400 and not Withdrawal.objects.exists()
    done = client.post(f"/files/documents/{document.pk}/withdraw/", {"reason": "wrong family"})
    assert done.status_code == 302 and Withdrawal.objects.get().reason == "wrong family"
    assert b"withdrawn" in client.get("/files/households/H-a1-1/").content


def test_the_card_links_to_the_file(cast):
    page = _client(cast.village_cadre_a1).get("/households/H-a1-1/")
    assert b"/files/households/H-a1-1/" in page.content


def test_an_auditor_exports_and_checks_a_dossier(cast):
    _upload(_client(cast.village_cadre_a1), "H-a1-1", PDF_BYTES)
    auditor = _client(cast.auditor)
    assert auditor.get("/files/households/H-a1-1/dossier/").status_code == 405  # a POST records
    exported = auditor.post("/files/households/H-a1-1/dossier/")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    assert "dossier-H-a1-1-" in exported["Content-Disposition"]
    assert DossierExport.objects.filter(household=Household.objects.get(number="H-a1-1")).exists()
    checked = auditor.post(
        "/files/verify/", {"file": SimpleUploadedFile("d.zip", exported.content)}
    )
    assert checked.status_code == 200
    assert b"The dossier matches the stored records." in checked.content


def test_a_cadre_may_neither_export_nor_check(cast):
    cadre = _client(cast.village_cadre_a1)
    assert cadre.post("/files/households/H-a1-1/dossier/").status_code == 403
    assert cadre.get("/files/verify/").status_code == 403


def test_a_file_that_is_no_dossier_gets_a_clear_answer(cast):
    checked = _client(cast.auditor).post(
        "/files/verify/", {"file": SimpleUploadedFile("d.zip", b"garbage")}
    )
    assert checked.status_code == 400 and b"not a ZIP archive" in checked.content


def test_a_bad_hash_is_refused_and_an_unknown_one_is_not_found(cast):
    auditor = _client(cast.auditor)
    assert b"64 hexadecimal" in auditor.get("/files/verify/", {"sha256": "xyz"}).content
    assert (
        b"No signature with this hash"
        in auditor.get("/files/verify/", {"sha256": "a" * 64}).content
    )


def test_upload_then_read_round_trip_keeps_bytes(cast):
    client = _client(cast.village_cadre_a1)
    _upload(client, "H-a1-1", PDF_BYTES)
    document = Document.objects.get()
    served = client.get(f"/files/documents/{document.pk}/")
    assert served["Content-Disposition"].startswith("attachment")  # a PDF is downloaded
    assert io.BytesIO(b"".join(served.streaming_content)).read() == PDF_BYTES
