"""Field-level history: every change to a household's or member's card, kept for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.models.base import AppendOnlyModel
from fupin.registry.models.events import StatusEvent
from fupin.registry.permissions import VIEW_HOUSEHOLDS


class FieldChange(AppendOnlyModel):
    """One field of a household (or of one of its members) changed: old value, new value, who,
    when and why; the correction's status event ties the changes made together."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    event = models.ForeignKey(
        StatusEvent, verbose_name=_("correction"), on_delete=models.PROTECT, related_name="changes"
    )
    field = models.CharField(_("field"), max_length=60)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))
    reason = models.TextField(_("reason"))

    scope_path = "household__village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("field change")
        verbose_name_plural = _("field changes")
        ordering = ["household", "changed_at", "id"]
        indexes = [models.Index(fields=["household", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.household_id} {self.field}: {self.old_value!r} → {self.new_value!r}"
