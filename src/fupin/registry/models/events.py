"""The append-only status history of households."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from fupin.registry.choices import EventKind, Status
from fupin.registry.models.base import AppendOnlyModel, AppendOnlyQuerySet
from fupin.registry.permissions import VIEW_HOUSEHOLDS

# Reasons the system itself writes. They are stored as these English source texts, whatever
# language the loader or the office ran in, and translated when shown.
LOADED_WITH_THE_COUNTY = gettext_noop("loaded with the county")
REGISTERED_IN_THE_BACK_OFFICE = gettext_noop("registered in the back office")
REGISTERED_ON_THE_VILLAGE_PAGE = gettext_noop("registered on the village's page")
# Reasons of the demo county's history (fupin.registry.services.loader.history), by (first year or later, kind).
HISTORY_REASONS = {
    ("first", "registered"): gettext_noop("registered in the 2014 registration of poor households"),
    ("first", "identified"): gettext_noop("identified as poor by village appraisal and notice"),
    ("first", "exited"): gettext_noop("income above the line: assessed out of poverty"),
    ("later", "identified"): gettext_noop("identified as poor in the annual adjustment"),
    ("later", "exited"): gettext_noop("income above the line: assessed out of poverty"),
    ("later", "returned"): gettext_noop("income fell below the line: returned to poverty"),
}
SYSTEM_REASONS = frozenset(
    {
        LOADED_WITH_THE_COUNTY,
        REGISTERED_IN_THE_BACK_OFFICE,
        REGISTERED_ON_THE_VILLAGE_PAGE,
        *HISTORY_REASONS.values(),
    }
)


class StatusEventQuerySet(AppendOnlyQuerySet):
    """Status events of the households in a user's scope."""


class StatusEvent(AppendOnlyModel):
    """One step of a household's status history; the database refuses UPDATE and DELETE."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    status_after = models.CharField(_("status after"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    policy_id = models.CharField(_("policy"), max_length=40, blank=True)
    policy_version = models.CharField(_("policy version"), max_length=40, blank=True)
    policy_hash = models.CharField(_("policy hash"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = StatusEventQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("status event")
        verbose_name_plural = _("status events")
        ordering = ["household", "occurred_at", "id"]
        indexes = [models.Index(fields=["household", "occurred_at", "id"])]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind} → {self.status_after}"

    @property
    def reason_display(self) -> str:
        """The reason for display: the system's own reasons in the reader's language."""
        return gettext(self.reason) if self.reason in SYSTEM_REASONS else self.reason
