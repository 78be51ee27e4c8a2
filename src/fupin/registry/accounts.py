"""Users with a role and a region: role groups with their admin permissions, and demo users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fupin.registry.choices import Role
from fupin.registry.errors import RecordError
from fupin.registry.models import Profile, Region

# Back-office (admin) rights per role; scoping by region applies on top of these.
VIEW = ("view",)
EDIT = ("view", "add", "change")
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "county_office": {
        "region": EDIT,
        "household": EDIT,
        "member": EDIT,
        "incomerecord": EDIT,
        "statusevent": VIEW,
        "profile": EDIT,
    },
    "township_office": {
        "region": VIEW,
        "household": EDIT,
        "member": EDIT,
        "incomerecord": EDIT,
        "statusevent": VIEW,
        "profile": VIEW,
    },
    "auditor": {
        "region": VIEW,
        "household": VIEW,
        "member": VIEW,
        "incomerecord": VIEW,
        "statusevent": VIEW,
        "profile": VIEW,
    },
}
STAFF_ROLES = frozenset(ROLE_PERMISSIONS)


def ensure_role_groups() -> dict[str, Group]:
    """One group per role holding that role's registry permissions (idempotent)."""
    groups = {}
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            f"{action}_{model}"
            for model, actions in ROLE_PERMISSIONS.get(role, {}).items()
            for action in actions
        ]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="registry", codename__in=wanted)
        )
        groups[role] = group
    return groups


def _check_account(username: str, role: str, region_code: str) -> Region:
    problems = []
    if not username.strip():
        problems.append(("username", _("is required")))
    elif get_user_model().objects.filter(username=username).exists():
        problems.append(("username", _("%(name)s already exists") % {"name": username}))
    if role not in Role.values:
        problems.append(("role", _("must be one of %(roles)s") % {"roles": ", ".join(Role.values)}))
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        problems.append(("region", _("no region has the code %(code)s") % {"code": region_code}))
    if problems:
        raise RecordError(problems)
    assert region is not None
    return region


def create_user(
    username: str, role: str, region_code: str, password: str, *, validate_password: bool = True
) -> Any:
    """Creates a user with a profile (role, region) and the role's group; all or nothing."""
    region = _check_account(username, role, region_code)
    user_model = get_user_model()
    if validate_password:
        try:
            password_validation.validate_password(password, user_model(username=username))
        except ValidationError as exc:
            raise RecordError([("password", " ".join(exc.messages))]) from None
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username, password=password, is_staff=role in STAFF_ROLES
        )
        Profile.objects.create(user=user, role=role, region=region)
        user.groups.add(ensure_role_groups()[role])
    return user


@dataclass(frozen=True)
class DemoLogin:
    """A demo user's login, for printing."""

    username: str
    password: str
    role: str
    region: str
    created: bool


# Demo passwords are public on purpose: the demo database holds synthetic people only.
DEMO_PASSWORD = "fupin-demo"
DEMO_USERS = (
    ("county", "county_office", "county"),
    ("township", "township_office", "township"),
    ("cadre", "village_cadre", "village"),
    ("helper", "paired_helper", "village"),
    ("auditor", "auditor", "county"),
    ("assessor", "assessor", "county"),
    ("public", "public", "county"),
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
    """One demo user per role (plus an 'admin' superuser), reusing those that exist."""
    regions = demo_regions()
    ensure_role_groups()
    user_model = get_user_model()
    logins = []
    for username, role, where in DEMO_USERS:
        exists = user_model.objects.filter(username=username).exists()
        if not exists:
            create_user(username, role, regions[where].code, DEMO_PASSWORD, validate_password=False)
        logins.append(DemoLogin(username, DEMO_PASSWORD, role, str(regions[where]), not exists))
    exists = user_model.objects.filter(username="admin").exists()
    if not exists:
        user_model.objects.create_superuser("admin", password=DEMO_PASSWORD)
    logins.append(DemoLogin("admin", DEMO_PASSWORD, "superuser", "*", not exists))
    return logins
