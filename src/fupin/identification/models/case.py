"""A case: one household carried through identification, exit, return or correction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.identification.choices import CaseKind, Origin
from fupin.identification.permissions import VIEW_CASES
from fupin.registry.permissions import ScopedQuerySet


def stage_choices() -> list[tuple[str, Any]]:
    """Every stage of the four procedures (their tables are the one definition)."""
    from fupin.identification.procedure import all_stage_choices

    return all_stage_choices()


class CaseQuerySet(ScopedQuerySet):
    """Cases, filterable by a user's scope (``visible_to``) and by whether they are open."""

    def open(self) -> CaseQuerySet:
        """Cases not yet closed."""
        return self.filter(closed_at__isnull=True)


class Case(models.Model):
    """One household through one procedure; its steps are procedure step records."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    origin = models.CharField(_("opened from"), max_length=12, choices=Origin.choices)
    stage = models.CharField(_("stage"), max_length=24, choices=stage_choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("income year"), null=True, blank=True)
    # The kernel's decision row when the case opened (language-neutral: reasons are rendered
    # in the reader's language from it) and the stamp of the policy that decided it.
    decision = models.CharField(_("rules' decision"), max_length=12, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    policy_id = models.CharField(_("policy"), max_length=40, blank=True)
    policy_hash = models.CharField(_("policy hash"), max_length=64, blank=True)
    exclusions = models.JSONField(_("exclusion rules hit"), default=list, blank=True)
    statement = models.TextField(_("application or reason"), blank=True)

    objects = CaseQuerySet.as_manager()
    scope_path = "household__village__code"
    view_permission = VIEW_CASES

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            # One open case of a kind per household: a second opening (a bulk run again, a
            # double click) finds the first instead of starting the procedure twice.
            models.UniqueConstraint(
                fields=["household", "kind"],
                condition=Q(closed_at__isnull=True),
                name="identification_one_open_case_per_kind",
            )
        ]
        indexes = [models.Index(fields=["kind", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.household_id})"

    @property
    def is_open(self) -> bool:
        """True until the case reaches a closing stage."""
        return self.closed_at is None
