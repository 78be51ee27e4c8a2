"""An alert: a household at risk, who follows it up, by when, and where it is in the procedure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import Action, Group, Source, Stage
from fupin.monitoring.procedure import CLOSED_STAGES


class KeptRecordError(RuntimeError):
    """Raised on any attempt to delete a monitoring record: records are flagged, never deleted."""


class KeptQuerySet(models.QuerySet):
    """Rows can be added and changed through services, never deleted."""

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refused: monitoring records are kept."""
        raise KeptRecordError(_("Monitoring records are kept; they cannot be deleted."))


class AlertQuerySet(KeptQuerySet):
    """Alerts, filterable by a user's scope."""

    def visible_to(self, user: Any) -> AlertQuerySet:
        """Alerts on households inside the user's scope."""
        from fupin.registry.scoping import scope_prefix

        prefix = scope_prefix(user)
        if prefix is None:
            return self.none()
        return self.filter(household__village__code__startswith=prefix)

    def live(self) -> AlertQuerySet:
        """Alerts still pending or monitored."""
        return self.exclude(stage__in=CLOSED_STAGES)


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
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default="reported")
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
        return self.stage not in CLOSED_STAGES


class StepRecord(KeptModel):
    """One step of the procedure taken on an alert: who, when, what and the form's data."""

    alert = models.ForeignKey(
        Alert, verbose_name=_("alert"), on_delete=models.PROTECT, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    stage_before = models.CharField(_("stage before"), max_length=20, choices=Stage.choices)
    stage_after = models.CharField(_("stage after"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = KeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["alert", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.action}"
