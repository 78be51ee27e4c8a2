"""Department registries imported for the exclusion rules: a vehicle, property, business,
payroll or village-cadre list, matched to members, each match kept as a record of the household."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.identification.choices import Registry
from fupin.identification.permissions import SCREEN_REGISTRIES, VIEW_CASES


class RegistryImport(models.Model):
    """One department registry imported: counts, the cases it concerns, every unused row."""

    registry = models.CharField(_("registry"), max_length=12, choices=Registry.choices)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"))
    scope = models.CharField(_("scope"), max_length=12)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_matched = models.PositiveIntegerField(_("rows matched"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # Open cases the import concerns: flagged before the appraisal, or to be reviewed after it.
    cases_flagged = models.JSONField(_("cases given an exclusion hit"), default=list, blank=True)
    cases_to_review = models.JSONField(_("cases past the appraisal"), default=list, blank=True)

    scope_path = "scope"
    view_permission = SCREEN_REGISTRIES

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-imported_at", "-id"]


class RegistryRecord(models.Model):
    """A member found in a department registry: the exclusion it bears on, dated, with its note."""

    source = models.ForeignKey(
        RegistryImport, verbose_name=_("import"), on_delete=models.PROTECT, related_name="records"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="registry_records",
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    exclusion = models.CharField(_("exclusion rule"), max_length=24)
    recorded_on = models.DateField(_("date in the registry"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_path = "household__village__code"
    view_permission = VIEW_CASES

    class Meta:
        verbose_name = _("registry record")
        verbose_name_plural = _("registry records")
        ordering = ["household", "recorded_on", "id"]
