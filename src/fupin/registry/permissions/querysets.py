"""``visible_to(user, queryset)``: rows inside the user's scope that their role may read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models

from fupin.registry.permissions.rules import Permission, holds
from fupin.registry.permissions.scope import scope_of

if TYPE_CHECKING:
    from fupin.registry.permissions.users import User

Q = TypeVar("Q", bound=models.QuerySet)


def within_scope(user: User | None, queryset: Q, permission: Permission) -> Q:
    """The rows of ``queryset`` inside the user's scope, if their role holds ``permission``.

    Every scoped model names ``scope_path``: the lookup leading to a region code (or to a code
    prefix, such as an import's scope).
    """
    scope = scope_of(user)
    if scope.empty or not holds(scope, permission):
        return queryset.none()
    if scope.everything:
        return queryset
    return queryset.filter(**{f"{queryset.model.scope_path}__startswith": scope.prefix})


def visible_to(user: User | None, queryset: Q) -> Q:
    """The rows of ``queryset`` the user may read: their model's ``view_permission``, then scope."""
    return within_scope(user, queryset, queryset.model.view_permission)


def countable_by(user: User | None, queryset: Q) -> Q:
    """The rows the user may count in aggregates (the region tree's figures): scope only, for
    every role that sees the region tree — the public included, who never reads a row itself."""
    from fupin.registry.permissions.registry import VIEW_REGIONS

    return within_scope(user, queryset, VIEW_REGIONS)


class ScopedQuerySet(models.QuerySet):
    """A queryset whose ``visible_to(user)`` is the permissions module's."""

    def visible_to(self, user: User | None) -> Self:
        """The rows the user may read (see ``fupin.registry.permissions.visible_to``)."""
        return visible_to(user, self)
