"""The demo's users: one per role in the demo county, plus an administrator."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.models import Profile, Region
from fupin.registry.permissions import Role
from fupin.registry.services.accounts import create_user, ensure_role_groups


@dataclass(frozen=True)
class DemoLogin:
    """A demo user's login, for printing (``role`` None: the administrator)."""

    username: str
    password: str
    role: Role | None
    region: str
    created: bool

    @property
    def role_label(self) -> str:
        """The role in the reader's language (the administrator has none)."""
        return str(self.role.label) if self.role else _("administrator")


# Demo passwords are public on purpose: the demo database holds synthetic people only.
DEMO_PASSWORD = "fupin-demo"
ADMIN_USERNAME = "admin"
DEMO_USERS: tuple[tuple[str, Role, str], ...] = (
    ("county", Role.COUNTY_OFFICE, "county"),
    ("township", Role.TOWNSHIP_OFFICE, "township"),
    ("cadre", Role.VILLAGE_CADRE, "village"),
    ("helper", Role.PAIRED_HELPER, "village"),
    ("auditor", Role.AUDITOR, "county"),
    ("assessor", Role.ASSESSOR, "county"),
    ("public", Role.PUBLIC, "county"),
)


def demo_regions() -> dict[str, Region]:
    """The county, and the village with the most registered-poor households and its township."""
    county = Region.objects.filter(level="county").order_by("code").first()
    village = (
        Region.objects.filter(level="village")
        .annotate(
            poor=Count("households", filter=Q(households__status="identified")),
            size=Count("households"),
        )
        .filter(size__gt=0)
        .order_by("-poor", "code")
        .first()
    )
    if county is None or village is None:
        raise RecordError([("region", _("the database has no county with households yet"))])
    return {"county": county, "township": village.parent or county, "village": village}


def ensure_demo_users() -> list[DemoLogin]:
    """One demo user per role (plus an administrator), reusing those that exist."""
    regions = demo_regions()
    ensure_role_groups()
    user_model = get_user_model()
    logins = []
    for username, role, where in DEMO_USERS:
        exists = user_model.objects.filter(username=username).exists()
        if not exists:
            create_user(username, role, regions[where].code, DEMO_PASSWORD, validate_password=False)
        # The area the user really has: made early in a load, the village "with the most poor"
        # may differ from the one picked now.
        region = Profile.objects.select_related("region").get(user__username=username).region
        logins.append(DemoLogin(username, DEMO_PASSWORD, role, str(region), not exists))
    exists = user_model.objects.filter(username=ADMIN_USERNAME).exists()
    if not exists:
        user_model.objects.create_superuser(ADMIN_USERNAME, password=DEMO_PASSWORD)
    logins.append(DemoLogin(ADMIN_USERNAME, DEMO_PASSWORD, None, "*", not exists))
    return logins


def county_user_id() -> int:
    """The demo county office's user id (the demo users are created first when missing)."""
    ensure_demo_users()
    return int(get_user_model().objects.get(username="county").pk)
