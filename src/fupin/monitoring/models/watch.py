"""The watch list: households flagged in bulk beyond the monitored scale, kept with their flags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.models.alert import Alert, KeptModel, KeptQuerySet
from fupin.monitoring.permissions import VIEW_ALERTS


class WatchQuerySet(KeptQuerySet):
    """Watch entries, filterable by scope; ``open()`` keeps those still watched."""

    def open(self) -> WatchQuerySet:
        """Entries not yet closed (by an alert, or because the flags cleared)."""
        return self.filter(closed_at__isnull=True)


class WatchEntry(KeptModel):
    """A household the rules or the model flagged that did not fit the monitored scale.

    It waits here, visible and exportable, without a cadre's visit being asked for; a later run
    that finds room, or an office's decision, raises an alert for it and closes the entry.
    """

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="watch_entries",
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    causes = models.JSONField(_("causes"), default=list, blank=True)
    risk = models.FloatField(_("risk"), null=True, blank=True)
    severity = models.PositiveIntegerField(_("severity"), default=0)
    year = models.PositiveSmallIntegerField(_("income year"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("first flagged"))
    last_seen_at = models.DateTimeField(_("last flagged"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by_alert = models.ForeignKey(
        Alert,
        verbose_name=_("closed by alert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    policy_id = models.CharField(_("policy"), max_length=40, blank=True)
    policy_hash = models.CharField(_("policy hash"), max_length=64, blank=True)

    objects = WatchQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("watch-list entry")
        verbose_name_plural = _("watch list")
        ordering = ["-severity", "-last_seen_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(closed_at__isnull=True),
                name="monitoring_watch_one_open_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {';'.join(self.causes)}"
