"""A background job: what was asked, by whom, for which area, and how it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.jobs.permissions import VIEW_JOBS
from fupin.registry.permissions import ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """One run of a job kind; its work is committed in the same transaction that marks it done."""

    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # None for the operator's own jobs (the worker check): administrators see those only.
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"))
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "region__code"
    view_permission = VIEW_JOBS

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status}"

    @property
    def finished(self) -> bool:
        """True once the job is done or failed."""
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
