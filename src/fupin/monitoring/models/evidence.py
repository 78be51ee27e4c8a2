"""Evidence behind an alert: each signal from a source, kept as it came."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import Source
from fupin.monitoring.models.alert import Alert, KeptModel, KeptQuerySet
from fupin.monitoring.permissions import VIEW_ALERTS


class Evidence(KeptModel):
    """One signal: kernel flags, a department row, a report, a visit finding or a model score."""

    alert = models.ForeignKey(
        Alert, verbose_name=_("alert"), on_delete=models.PROTECT, related_name="evidence"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    causes = models.JSONField(_("causes"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    screening = models.ForeignKey(
        "monitoring.ScreeningImport",
        verbose_name=_("screening import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )

    objects = KeptQuerySet.as_manager()
    scope_path = "alert__household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["alert", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.source}"
