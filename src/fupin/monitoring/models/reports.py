"""Department screening imports and households' own reports, kept with their outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import Department
from fupin.monitoring.models.alert import KeptModel, KeptQuerySet
from fupin.monitoring.permissions import RUN_SCREENING, VIEW_ALERTS


class ScreeningImport(KeptModel):
    """One department list imported: counts, and every row that was not matched, with why."""

    department = models.CharField(_("department"), max_length=12, choices=Department.choices)
    file_name = models.CharField(_("file"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"))
    scope = models.CharField(_("scope"), max_length=12, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_matched = models.PositiveIntegerField(_("rows matched"), default=0)
    rows_below_threshold = models.PositiveIntegerField(_("rows below the thresholds"), default=0)
    alerts_raised = models.PositiveIntegerField(_("alerts raised"), default=0)
    alerts_updated = models.PositiveIntegerField(_("alerts given new evidence"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    below_threshold = models.JSONField(_("rows below the thresholds"), default=list, blank=True)

    objects = KeptQuerySet.as_manager()
    scope_path = "scope"
    view_permission = RUN_SCREENING

    class Meta:
        verbose_name = _("screening import")
        verbose_name_plural = _("screening imports")
        ordering = ["-imported_at", "id"]

    def __str__(self) -> str:
        return f"{self.department} {self.file_name} {self.imported_at:%Y-%m-%d}"


class OwnReport(KeptModel):
    """A household's own report through the public form (no login), matched by ID number."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    village_code = models.CharField(_("village code"), max_length=12, blank=True)
    cause = models.CharField(_("what happened"), max_length=12)
    description = models.TextField(_("description"))
    received_at = models.DateTimeField(_("received at"))
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_reports",
    )
    alert = models.ForeignKey(
        "monitoring.Alert",
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_reports",
    )

    objects = KeptQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("own report")
        verbose_name_plural = _("own reports")
        ordering = ["-received_at", "id"]

    def __str__(self) -> str:
        return self.reference
