"""Step records and signatures: written once, never changed (the database refuses it too)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.models import AppendOnlyModel
from fupin.registry.permissions import ROLE_CHOICES


class Subject(models.Model):
    """Base: the record a procedure moves (an alert, a case), named by content type and id."""

    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("subject"))
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        abstract = True


class Signature(AppendOnlyModel):
    """Who signed what, when and in which role: the SHA-256 of the canonical content signed.

    The content is kept as signed (canonical JSON), so anyone can recompute the hash. A signed
    record is never changed; a correction is a new version whose signature ``supersedes`` this one.
    """

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signer_name = models.CharField(_("signer's name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    content = models.TextField(_("content signed (canonical JSON)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d} {self.sha256[:12]}"


class StepRecord(AppendOnlyModel, Subject):
    """One step taken on a subject: who, in which role, when, why, the form's data, the signature."""

    procedure = models.CharField(_("procedure"), max_length=40)
    action = models.CharField(_("action"), max_length=30)
    stage_before = models.CharField(_("stage before"), max_length=30)
    stage_after = models.CharField(_("stage after"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, blank=True)
    occurred_at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    signature = models.OneToOneField(
        Signature,
        verbose_name=_("signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step",
    )

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["subject_type", "subject_id", "occurred_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.procedure} {self.subject_id} {self.action}"
