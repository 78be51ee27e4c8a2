"""An alert: a household at risk, who follows it up, by when, and where it is in the procedure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import Group, Source
from fupin.monitoring.permissions import VIEW_ALERTS
from fupin.registry.permissions import ScopedQuerySet


class KeptRecordError(RuntimeError):
    """Raised on any attempt to delete a monitoring record: records are flagged, never deleted."""


def stage_choices() -> list[tuple[str, Any]]:
    """The stages of the monitoring procedure (its table is their one definition)."""
    from fupin.monitoring.procedure import MONITORING

    return MONITORING.stage_choices()


def _closed_stages() -> tuple[str, ...]:
    from fupin.monitoring.procedure import CLOSED_STAGES

    return CLOSED_STAGES


class KeptQuerySet(ScopedQuerySet):
    """Rows can be added and changed through services, never deleted."""

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refused: monitoring records are kept."""
        raise KeptRecordError(_("Monitoring records are kept; they cannot be deleted."))


class AlertQuerySet(KeptQuerySet):
    """Alerts, filterable by a user's scope (``visible_to``) and by whether they are live."""

    def live(self) -> AlertQuerySet:
        """Alerts still pending or monitored."""
        return self.exclude(stage__in=_closed_stages())


class KeptModel(models.Model):
    """Base: delete() refuses (records are flagged, never deleted)."""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refused: monitoring records are kept."""
        raise KeptRecordError(_("Monitoring records are kept; they cannot be deleted."))


class Alert(KeptModel):
    """A risk signal on one household, followed through the signed procedure."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    source = models.CharField(_("first source"), max_length=12, choices=Source.choices)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    causes = models.JSONField(_("causes"), default=list, blank=True)
    # The newest causes each source gave: a new kernel run replaces the kernel's older causes
    # (a household cannot be both below and just above the line), other sources add theirs.
    source_causes = models.JSONField(_("causes by source"), default=dict, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=stage_choices, default="reported")
    risk = models.FloatField(_("risk"), null=True, blank=True)
    factors = models.JSONField(_("model factors"), default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_alerts",
    )
    raised_at = models.DateTimeField(_("raised at"))
    visit_due = models.DateField(_("home visit due"))
    decision_due = models.DateField(_("decision due"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        "registry.Region",
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    policy_id = models.CharField(_("policy"), max_length=40, blank=True)
    policy_version = models.CharField(_("policy version"), max_length=40, blank=True)
    policy_hash = models.CharField(_("policy hash"), max_length=64, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = AlertQuerySet.as_manager()
    steps = GenericRelation(
        "procedure.StepRecord", content_type_field="subject_type", object_id_field="subject_id"
    )
    scope_path = "household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "id"]
        indexes = [
            models.Index(fields=["stage", "decision_due"]),
            models.Index(fields=["household", "stage"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.household_id} {self.stage}"

    @property
    def is_live(self) -> bool:
        """True while pending or monitored."""
        return self.stage not in _closed_stages()
