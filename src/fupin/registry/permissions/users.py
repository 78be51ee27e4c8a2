"""The type of the users that permissions are asked about."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractUser, AnonymousUser

# A request's user: a logged-in account or the anonymous visitor of a public page.
User: TypeAlias = AbstractUser | AnonymousUser


def account_of(user: User | None) -> AbstractUser | None:
    """The account to record as the actor of a change: None for the system or an anonymous visitor."""
    return user if isinstance(user, AbstractUser) and user.pk is not None else None
