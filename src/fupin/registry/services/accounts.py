"""Users with a role and a region, and the role groups that carry their back-office rights."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError
from fupin.registry.models import Profile, Region
from fupin.registry.permissions import ROLE_VALUES, Role, User
from fupin.registry.permissions.backoffice import BACK_OFFICE_RIGHTS, uses_back_office


def ensure_role_groups() -> dict[Role, Group]:
    """One group per role holding that role's registry permissions (idempotent)."""
    groups = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        rights = BACK_OFFICE_RIGHTS.get(role, {})
        wanted = Q(pk__in=[])
        for (app_label, model), actions in rights.items():
            codenames = [f"{action}_{model}" for action in actions]
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
        groups[role] = group
    return groups


def _check_account(username: str, role: str, region_code: str) -> Region:
    problems = []
    if not username.strip():
        problems.append(("username", _("is required")))
    elif get_user_model().objects.filter(username=username).exists():
        problems.append(("username", _("%(name)s already exists") % {"name": username}))
    if role not in ROLE_VALUES:
        problems.append(("role", _("must be one of %(roles)s") % {"roles": ", ".join(ROLE_VALUES)}))
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        problems.append(("region", _("no region has the code %(code)s") % {"code": region_code}))
    if problems:
        raise RecordError(problems)
    assert region is not None
    return region


def create_user(
    username: str, role: str, region_code: str, password: str, *, validate_password: bool = True
) -> User:
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
            username=username, password=password, is_staff=uses_back_office(Role(role))
        )
        Profile.objects.create(user=user, role=role, region=region)
        user.groups.add(ensure_role_groups()[Role(role)])
    return user
