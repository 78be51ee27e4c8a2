"""A survey submission taken into the registry: its instance id, so the same export imported
twice changes nothing the second time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import VIEW_HOUSEHOLDS


class SurveySubmission(models.Model):
    """One submission of the registration survey (ODK Collect, KoboToolbox) and the household
    it registered or updated."""

    instance_id = models.CharField(_("instance id"), max_length=120, unique=True)
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="survey_submissions",
    )
    registered = models.BooleanField(_("registered the household"), default=False)
    source = models.CharField(_("export"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = "household__village__code"
    view_permission = VIEW_HOUSEHOLDS

    class Meta:
        verbose_name = _("survey submission")
        verbose_name_plural = _("survey submissions")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.instance_id
