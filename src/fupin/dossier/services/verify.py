"""Checking an exported dossier against the stored records, as an auditor does.

A dossier passes when its manifest is one Fupin recorded, its PDF is the one made with it, each
signature it lists is stored with the same hash and still hashes to it, each attachment is the
stored document's bytes, and nothing the household's records held when it was made is left out.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from fupin.dossier.errors import DossierUnreadable
from fupin.dossier.extensions import sections_for
from fupin.dossier.models import Document, DossierExport
from fupin.dossier.permissions import VERIFY_DOSSIER
from fupin.dossier.selectors import stored_hash
from fupin.dossier.services.export import FORMAT, MANIFEST_NAME
from fupin.procedure.models import Signature
from fupin.procedure.services.signatures import verify
from fupin.registry.models import Household
from fupin.registry.permissions import User, require, visible_to

MAX_ENTRY = 512 * 2**20  # no single member of a dossier is larger (guards against ZIP bombs)


@dataclass(frozen=True)
class Finding:
    """One thing checked: what, whether it holds, and the detail."""

    subject: str
    ok: bool
    detail: str


@dataclass
class Verification:
    """The outcome of checking one dossier."""

    household: Household
    made_at: Any
    export: DossierExport | None
    findings: list[Finding] = field(default_factory=list)
    newer: list[str] = field(default_factory=list)  # records added after the dossier was made

    @property
    def ok(self) -> bool:
        """True when every finding holds."""
        return all(f.ok for f in self.findings)


def _unreadable(message: str) -> DossierUnreadable:
    return DossierUnreadable([("file", message)])


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_ENTRY:
        raise _unreadable(_("%(name)s in the dossier is too large to check.") % {"name": name})
    return archive.read(info)


def _open(stream: IO[bytes]) -> tuple[zipfile.ZipFile, bytes, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        raise _unreadable(_("This file is not a dossier: it is not a ZIP archive.")) from None
    raw = _read(archive, MANIFEST_NAME)
    if raw is None:
        raise _unreadable(_("This ZIP has no manifest.json: it is not a Fupin dossier."))
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(
            _("manifest.json is not valid JSON (%(error)s).") % {"error": exc}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _unreadable(_("manifest.json is not in the format %(format)s.") % {"format": FORMAT})
    return archive, raw, manifest


def _household(manifest: dict[str, Any], user: User) -> Household:
    number = str((manifest.get("household") or {}).get("number", ""))
    household = visible_to(user, Household.objects.filter(number=number)).first()
    if household is None:  # unknown and out of scope read alike: nothing leaks
        raise _unreadable(_("Household %(number)s is not in your area.") % {"number": number})
    return household


def _sha(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


def _check_export(
    report: Verification, raw: bytes, archive: zipfile.ZipFile, pdf_entry: Any
) -> None:
    report.export = DossierExport.objects.filter(
        household=report.household, manifest_sha256=_sha(raw)
    ).first()
    if report.export is None:
        message = _(
            "No export of this household has this manifest: it was changed or made elsewhere."
        )
        report.findings.append(Finding("manifest.json", False, message))
    else:
        made = _("Recorded export of %(when)s.") % {
            "when": f"{report.export.made_at:%Y-%m-%d %H:%M}"
        }
        report.findings.append(Finding("manifest.json", True, made))
    pdf_sha = _sha(_read(archive, str(pdf_entry.get("path") or "")))
    expected = {str(pdf_entry.get("sha256")), report.export.pdf_sha256 if report.export else ""}
    if pdf_sha is None:
        report.findings.append(Finding("dossier.pdf", False, _("The PDF is missing.")))
    elif len(expected) != 1 or pdf_sha not in expected:
        report.findings.append(
            Finding("dossier.pdf", False, _("The PDF is not the one made with this manifest."))
        )
    else:
        report.findings.append(Finding("dossier.pdf", True, pdf_sha))


def _signature_finding(entry: dict[str, Any], stored: Signature | None) -> Finding:
    subject = _("signature %(id)s (%(what)s)") % {"id": entry.get("id"), "what": entry.get("what")}
    if stored is None:
        return Finding(subject, False, _("No such signature is stored."))
    if stored.sha256 != entry.get("sha256"):
        return Finding(subject, False, _("The hash differs from the stored signature's."))
    if not verify(stored):
        return Finding(subject, False, _("The stored signature no longer matches its content."))
    return Finding(subject, True, stored.sha256)


def _key(entry: dict[str, Any]) -> int | None:
    return int(entry["id"]) if str(entry.get("id", "")).isdigit() else None


def _check_signatures(report: Verification, entries: list[dict[str, Any]], user: User) -> None:
    # Only signatures of this household's records count: another household's is "not stored".
    held = {s.pk: (s, what) for section in sections_for(report.household, user)
            for s, what in section.signatures}  # fmt: skip
    listed = set()
    for entry in entries:
        key = _key(entry)
        listed.add(key)
        stored = held[key][0] if key in held else None
        report.findings.append(_signature_finding(entry, stored))
    for pk, (signature, what) in held.items():
        if pk not in listed:
            subject = _("signature %(id)s (%(what)s)") % {"id": pk, "what": what}
            _missing(report, signature.signed_at, subject)


def _missing(report: Verification, at: Any, subject: str) -> None:
    if report.made_at is not None and at > report.made_at:
        report.newer.append(subject)
    else:
        report.findings.append(Finding(subject, False, _("Stored, but left out of the dossier.")))


def _document_finding(
    entry: dict[str, Any], stored: Document | None, archive: zipfile.ZipFile
) -> Finding:
    subject = _("document %(id)s (%(title)s)") % {
        "id": entry.get("id"),
        "title": entry.get("title"),
    }
    if stored is None:
        return Finding(subject, False, _("No such document is stored in this household's file."))
    if stored.sha256 != entry.get("sha256"):
        return Finding(subject, False, _("The hash differs from the stored document's."))
    if stored_hash(stored) != stored.sha256:
        return Finding(subject, False, _("The stored file no longer matches its hash."))
    if entry.get("path") and _sha(_read(archive, str(entry["path"]))) != stored.sha256:
        return Finding(subject, False, _("The attachment in the dossier is not the stored file."))
    return Finding(subject, True, stored.sha256)


def _check_documents(
    report: Verification, entries: list[dict[str, Any]], archive: zipfile.ZipFile
) -> None:
    documents = Document.objects.filter(household=report.household)
    stored = documents.in_bulk()
    listed = set()
    for entry in entries:
        key = _key(entry)
        listed.add(key)
        report.findings.append(_document_finding(entry, stored.get(key) if key else None, archive))
    for pk, document in stored.items():
        if pk not in listed:
            _missing(
                report,
                document.uploaded_at,
                _("document %(id)s (%(title)s)") % {"id": pk, "title": document.title},
            )


def _entries(manifest: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The manifest's list under ``key``; anything not a list of objects counts as none listed."""
    value = manifest.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def verify_dossier(stream: IO[bytes], *, user: User) -> Verification:
    """Checks one exported dossier (its ZIP) against the stored records."""
    require(user, VERIFY_DOSSIER)
    archive, raw, manifest = _open(stream)
    with archive:
        household = _household(manifest, user)
        require(user, VERIFY_DOSSIER, household)
        report = Verification(household, parse_datetime(str(manifest.get("made_at", ""))), None)
        pdf = manifest.get("pdf")
        _check_export(report, raw, archive, pdf if isinstance(pdf, dict) else {})
        _check_signatures(report, _entries(manifest, "signatures"), user)
        _check_documents(report, _entries(manifest, "documents"), archive)
    return report
