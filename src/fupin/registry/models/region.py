"""The administrative region tree, keyed by 12-digit statistical division codes."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.choices import PREFIX_DIGITS, Level
from fupin.registry.permissions import VIEW_REGIONS, ScopedQuerySet

CODE_VALIDATOR = RegexValidator(r"^\d{12}$", _("A region code has exactly 12 digits."))


class RegionQuerySet(ScopedQuerySet):
    """Regions, filterable by a user's scope (the scope region and everything under it)."""

    def within(self, prefix: str) -> RegionQuerySet:
        """Regions whose code starts with ``prefix``."""
        return self.filter(code__startswith=prefix)


class Region(models.Model):
    """A province, city, county, township or village."""

    code = models.CharField(_("code"), max_length=12, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    deep_poverty = models.BooleanField(_("deep-poverty area"), default=False)
    key_county = models.BooleanField(_("key county"), default=False)
    western = models.BooleanField(_("western region"), default=False)

    objects = RegionQuerySet.as_manager()
    scope_path = "code"
    view_permission = VIEW_REGIONS

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def prefix(self) -> str:
        """The significant leading digits of the code that every place inside this region shares."""
        return self.code[: PREFIX_DIGITS[self.level]]
