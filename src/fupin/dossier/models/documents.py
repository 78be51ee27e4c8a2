"""Documents of a household's file, their withdrawals and the dossiers exported: all written once.

Nothing is ever deleted. A new version of a document is a new row that ``replaces`` the old one;
a withdrawn document stays, marked by its ``Withdrawal``; the file's bytes are named by their
SHA-256, so a stored file that changes on disk no longer matches its row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.dossier.choices import DocumentKind
from fupin.dossier.permissions import VIEW_FILE
from fupin.registry.models import AppendOnlyModel


def stored_name(document: Document, filename: str) -> str:
    """Where a document's bytes lie under the media root: by household and content hash."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{document.household_id}/{document.sha256}.{extension}"


class Document(AppendOnlyModel):
    """One document of a household's file: a scan, a photo, a signed agreement, minutes."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    original_name = models.CharField(_("file name as uploaded"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    # The record the document belongs to, when it has one (a case, an alert); else the household.
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("belongs to (type)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("belongs to"), null=True, blank=True)

    scope_path = "household__village__code"
    view_permission = VIEW_FILE

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["household", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.sha256[:12]})"

    @property
    def withdrawal(self) -> Withdrawal | None:
        """The document's withdrawal, when it was withdrawn (read from the prefetched rows)."""
        found = list(self.withdrawals.all())
        return found[0] if found else None


class Withdrawal(AppendOnlyModel):
    """A document marked withdrawn: who, when and why. The document itself stays in the file."""

    # Not one-to-one: the service keeps one withdrawal per document under the household's lock.
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="withdrawals"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"))
    reason = models.TextField(_("reason"))

    scope_path = "document__household__village__code"
    view_permission = VIEW_FILE

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")


class DossierExport(AppendOnlyModel):
    """One dossier exported: the hashes of its PDF and its manifest, so a copy can be checked."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="dossier_exports",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"))
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    manifest_sha256 = models.CharField(_("SHA-256 of the manifest"), max_length=64)

    scope_path = "household__village__code"
    view_permission = VIEW_FILE

    class Meta:
        verbose_name = _("dossier export")
        verbose_name_plural = _("dossier exports")
        ordering = ["-made_at", "-id"]
