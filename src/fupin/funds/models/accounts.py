"""Where money is: a fund source, a region's pool, a project, a household, a contractor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.funds.permissions import VIEW_FUNDS
from fupin.registry.permissions import ScopedQuerySet


class AccountKind(models.TextChoices):
    EXTERNAL = "external", _("outside the system (budgets, donors, banks)")
    SOURCE = "source", _("fund source")
    REGION = "region", _("region's pool")
    PROJECT = "project", _("project")
    HOUSEHOLD = "household", _("household")
    CONTRACTOR = "contractor", _("contractor")


class Account(models.Model):
    """An account of the ledger; its balance is what its entries brought in less what they took
    out, kept here for the postings' checks and recomputed from the log by the verifier."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.OneToOneField(
        "registry.Household", verbose_name=_("household"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="fund_account",
    )  # fmt: skip
    balance_fen = models.BigIntegerField(_("balance (fen)"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_path = "region__code"
    view_permission = VIEW_FUNDS

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def may_go_negative(self) -> bool:
        """Only the outside world owes without holding: every other account spends what it has."""
        return self.kind == AccountKind.EXTERNAL


class Project(models.Model):
    """A project of a village: its type, budget, schedule, and the measure and cause it serves."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=40)
    village = models.ForeignKey(
        "registry.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.OneToOneField(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="project"
    )
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    measure = models.CharField(_("assistance measure"), max_length=60, blank=True)
    cause = models.CharField(_("cause of poverty addressed"), max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "village__code"
    view_permission = VIEW_FUNDS

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["village__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_fen__gte=0), name="funds_budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name
