"""A user's role and the region that scopes everything they see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import ROLE_CHOICES, VIEW_USERS, ScopedQuerySet


class Profile(models.Model):
    """One per user: the role and the region scope."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="profiles",
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "region__code"
    view_permission = VIEW_USERS

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
