"""What the monitoring views share: access checks, the clock, the scope region."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fupin.monitoring.choices import OFFICE_ROLES
from fupin.registry.models import Region
from fupin.web.access import require_household_access, role_of


def now() -> Any:
    """The request's clock: views read it once and pass it to the services."""
    return timezone.now()


def require_office(user: Any) -> None:
    """Township and county offices (and superusers) only; others get HTTP 403."""
    require_household_access(user)
    if role_of(user) not in {*OFFICE_ROLES, "superuser"}:
        raise PermissionDenied


def is_office(user: Any) -> bool:
    """True for township and county offices and superusers."""
    return role_of(user) in {*OFFICE_ROLES, "superuser"}


def scope_region(user: Any) -> Region | None:
    """The region at the top of the user's scope (a superuser: the first county)."""
    if user.is_superuser:
        return Region.objects.filter(level="county").order_by("code").first()
    profile = getattr(user, "profile", None)
    return profile.region if profile is not None else None


def area_choices(user: Any) -> list[tuple[str, str]]:
    """Townships and villages in the user's scope, for filters and forms."""
    regions = Region.objects.visible_to(user).filter(level__in=("county", "township", "village"))
    return [
        (r.code, f"{'· ' if r.level == 'village' else ''}{r.name}")
        for r in regions.order_by("code")
    ]
