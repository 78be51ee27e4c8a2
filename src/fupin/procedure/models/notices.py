"""Public notices of a procedure's decisions, and the objections the public raises to them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.procedure.models.records import StepRecord, Subject
from fupin.procedure.permissions import VIEW_OBJECTIONS
from fupin.registry.permissions import VIEW_REGIONS, ScopedQuerySet


class Notice(Subject):
    """A notice posted in a village for at least ``days`` days; objections may be raised while
    it is up. Its text is what the public reads: personal data in it is already masked."""

    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("posted in"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    procedure = models.CharField(_("procedure"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    posted_on = models.DateField(_("posted on"))
    days = models.PositiveSmallIntegerField(_("days posted"))
    ends_on = models.DateField(_("objections until"))
    step = models.ForeignKey(
        StepRecord,
        verbose_name=_("step"),
        on_delete=models.PROTECT,
        related_name="notices",
        null=True,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "region__code"
    view_permission = VIEW_REGIONS  # public by nature: the text is masked

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-posted_on", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.posted_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d})"

    def is_up(self, today: dt.date) -> bool:
        """True from the day it is posted to its last day (objections are taken)."""
        return self.posted_on <= today <= self.ends_on


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Objection(models.Model):
    """An objection to a notice; it blocks the procedure until resolved with a recorded finding."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="objections"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("received at"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=40, blank=True)
    text = models.TextField(_("objection"))
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    finding = models.TextField(_("finding"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_path = "notice__region__code"
    view_permission = VIEW_OBJECTIONS

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        """True until a finding resolves it."""
        return self.status == ObjectionStatus.OPEN
