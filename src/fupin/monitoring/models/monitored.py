"""Households taken into monitoring by the county, and the help measures they get."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.monitoring.choices import DEVELOPMENT_MEASURES, Group, MeasureKind
from fupin.monitoring.models.alert import Alert, KeptModel, KeptQuerySet
from fupin.monitoring.permissions import VIEW_ALERTS


class MonitoredHousehold(KeptModel):
    """A monitored object: one household in one of the three groups, from decision to outcome."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="monitoring_periods",
    )
    alert = models.OneToOneField(
        Alert, verbose_name=_("alert"), on_delete=models.PROTECT, related_name="monitored"
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    since = models.DateField(_("monitored since"))
    until = models.DateField(_("monitored until"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)

    objects = KeptQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("monitored household")
        verbose_name_plural = _("monitored households")
        ordering = ["-since", "id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.group} {self.since}"

    @property
    def active(self) -> bool:
        """True until the risk is eliminated or the household returns to poverty."""
        return self.until is None


class Measure(KeptModel):
    """One help measure given to a monitored household."""

    monitored = models.ForeignKey(
        MonitoredHousehold,
        verbose_name=_("monitored household"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    note = models.TextField(_("note"), blank=True)
    started_on = models.DateField(_("started on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = KeptQuerySet.as_manager()
    scope_path = "monitored__household__village__code"
    view_permission = VIEW_ALERTS

    class Meta:
        verbose_name = _("help measure")
        verbose_name_plural = _("help measures")
        ordering = ["monitored", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.monitored_id} {self.kind}"

    @property
    def is_development(self) -> bool:
        """True for industry or employment measures."""
        return self.kind in DEVELOPMENT_MEASURES
