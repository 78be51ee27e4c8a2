"""The dossier: one PDF with every signature's hash, the attachments and a manifest, and the
auditor's check that finds any change, addition or omission."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader
from samples import PDF_BYTES, png_bytes

from fupin.dossier.errors import DossierUnreadable
from fupin.dossier.models import Document, DossierExport
from fupin.dossier.selectors import signature_by_hash
from fupin.dossier.services.documents import add_document
from fupin.dossier.services.export import export_dossier
from fupin.dossier.services.verify import verify_dossier
from fupin.identification.models import Case
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step
from fupin.procedure.models import Signature

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
APPRAISAL = {"held_on": START.date(), "place": "village hall", "total": 30, "present": 21,
             "votes_for": 18, "votes_against": 2, "abstentions": 1, "minutes": "agreed",
             "first_secretary": "Li", "village_head": "Wang", "main_cause": "illness",
             "justification": "the head fell ill this spring"}  # fmt: skip


def _signed_case(cast) -> Case:  # type: ignore[no-untyped-def]
    cadre = cast.village_cadre_a1
    case = open_case(cast.h_a1_2.pk, "identification", actor=cadre, now=START, statement="applied")
    case = take_step(case.pk, "appraise", actor=cadre, now=START, expected_version=case.version,
                     data=APPRAISAL)  # fmt: skip
    return take_step(case.pk, "verify", actor=cadre, now=START + dt.timedelta(days=1),
                     expected_version=case.version,
                     data={"verified_on": (START + dt.timedelta(days=1)).date(),
                           "verifiers": "Li, Zhao", "findings": "as declared"})  # fmt: skip


@pytest.fixture
def dossier(cast):  # type: ignore[no-untyped-def]
    """A household with two signed steps and two documents, and its exported dossier."""
    _signed_case(cast)
    for content, name in ((PDF_BYTES, "application.pdf"), (png_bytes(), "house.png")):
        add_document(cast.h_a1_2.pk, io.BytesIO(content), name, kind="scan", title=name,
                     actor=cast.village_cadre_a1, now=START)  # fmt: skip
    return export_dossier(cast.h_a1_2.pk, actor=cast.auditor, now=START + dt.timedelta(days=2))


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def _failed(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{f.subject}: {f.detail}" for f in report.findings if not f.ok]


def test_the_dossier_holds_the_pdf_the_attachments_and_a_recorded_manifest(cast, dossier):
    members = _members(dossier.content)
    manifest = json.loads(members["manifest.json"])
    first, second = Document.objects.order_by("id")
    assert sorted(members) == [f"attachments/{first.pk:06d}-scan.pdf",
                               f"attachments/{second.pk:06d}-scan.png",
                               "dossier.pdf", "manifest.json"]  # fmt: skip
    stored = list(Signature.objects.order_by("id"))
    assert [s["sha256"] for s in manifest["signatures"]] == [s.sha256 for s in stored]
    assert len(stored) == 2
    assert members[f"attachments/{first.pk:06d}-scan.pdf"] == PDF_BYTES
    assert manifest["pdf"]["sha256"] == hashlib.sha256(members["dossier.pdf"]).hexdigest()
    export = DossierExport.objects.get()
    assert export.manifest_sha256 == hashlib.sha256(members["manifest.json"]).hexdigest()
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(members["dossier.pdf"])).pages
    )
    compact = text.replace("\n", "").replace(" ", "")
    for signature in stored:
        assert signature.sha256 in compact
    assert "H-a1-2" in text and "Contents" in text


def test_an_untouched_dossier_matches(cast, dossier):
    report = verify_dossier(io.BytesIO(dossier.content), user=cast.auditor)
    assert report.ok, _failed(report)
    assert report.export == DossierExport.objects.get() and report.newer == []
    assert len(report.findings) == 2 + 2 + 2  # manifest and PDF, two signatures, two documents


def test_a_changed_pdf_is_found(cast, dossier):
    members = _members(dossier.content)
    members["dossier.pdf"] = members["dossier.pdf"][:-6] + b"% one page more\n%%EOF\n"
    report = verify_dossier(_rezip(members), user=cast.auditor)
    assert not report.ok and _failed(report) == [
        "dossier.pdf: The PDF is not the one made with this manifest."
    ]


def test_a_changed_signature_hash_in_the_manifest_is_found(cast, dossier):
    members = _members(dossier.content)
    manifest = json.loads(members["manifest.json"])
    manifest["signatures"][0]["sha256"] = "f" * 64
    members["manifest.json"] = json.dumps(manifest).encode()
    failed = _failed(verify_dossier(_rezip(members), user=cast.auditor))
    assert failed[0].startswith("manifest.json: No export")
    assert any("differs from the stored signature" in line for line in failed)


def test_a_signature_left_out_and_a_swapped_attachment_are_found(cast, dossier):
    members = _members(dossier.content)
    manifest = json.loads(members["manifest.json"])
    dropped = manifest["signatures"].pop()
    members["manifest.json"] = json.dumps(manifest).encode()
    second = Document.objects.order_by("id").last()
    members[f"attachments/{second.pk:06d}-scan.png"] = png_bytes("green")
    failed = _failed(verify_dossier(_rezip(members), user=cast.auditor))
    assert any(line.startswith(f"signature {dropped['id']} (identification #")
               and line.endswith("Stored, but left out of the dossier.") for line in failed)  # fmt: skip
    assert any(line.startswith(f"document {second.pk} ") and "not the stored file" in line
               for line in failed)  # fmt: skip


def test_a_stored_file_changed_on_disk_is_found(cast, dossier):
    document = Document.objects.order_by("id").first()
    with open(document.file.path, "ab") as stream:
        stream.write(b"tampered")
    failed = _failed(verify_dossier(io.BytesIO(dossier.content), user=cast.auditor))
    expected = (
        f"document {document.pk} (application.pdf): The stored file no longer matches its hash."
    )
    assert failed == [expected]


def test_records_added_after_the_dossier_are_listed_but_do_not_fail_it(cast, dossier):
    late = add_document(cast.h_a1_2.pk, io.BytesIO(PDF_BYTES + b"%x\n%%EOF\n"), "late.pdf",
                        kind="scan", title="late", actor=cast.village_cadre_a1,
                        now=START + dt.timedelta(days=9))  # fmt: skip
    report = verify_dossier(io.BytesIO(dossier.content), user=cast.auditor)
    assert report.ok and report.newer == [f"document {late.pk} (late)"]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"not a zip", "not a ZIP"), (None, "no manifest.json"), (b"{", "not valid JSON"),
     (json.dumps({"format": "other"}).encode(), "not in the format")],
)  # fmt: skip
def test_a_file_that_is_not_a_dossier_is_refused_with_the_reason(cast, content, words):
    if content == b"not a zip":
        stream = io.BytesIO(content)
    else:
        stream = _rezip({} if content is None else {"manifest.json": content})
    with pytest.raises(DossierUnreadable, match=words):
        verify_dossier(stream, user=cast.auditor)


def test_a_dossier_outside_the_checkers_area_reads_as_unknown(cast, dossier):
    with pytest.raises(PermissionDenied):
        verify_dossier(io.BytesIO(dossier.content), user=cast.village_cadre_a1)
    with pytest.raises(DossierUnreadable, match="not in your area"):
        verify_dossier(io.BytesIO(dossier.content), user=cast.township_office_b)


def test_only_offices_auditors_and_assessors_export(cast):
    for user in (cast.village_cadre_a1, cast.paired_helper_a1, cast.public, cast.township_office_b):
        with pytest.raises(PermissionDenied):
            export_dossier(cast.h_a1_2.pk, actor=user, now=START)
    assert not DossierExport.objects.exists()


def test_a_printed_hash_is_found_only_within_the_readers_area(cast, dossier):
    signature = Signature.objects.order_by("id").first()
    found = signature_by_hash(cast.auditor, signature.sha256.upper())
    assert found is not None and found.household == cast.h_a1_2 and found.intact
    assert signature_by_hash(cast.township_office_b, signature.sha256) is None
    assert signature_by_hash(cast.auditor, "0" * 64) is None
