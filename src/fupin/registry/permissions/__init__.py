"""The one permissions module: roles, a user's scope, ``can(user, permission, obj)`` and
``visible_to(user, queryset)``. Views, services, the admin, the CLI and the templates all ask here.

    from fupin.registry.permissions import can, require, visible_to
    require(request.user, VIEW_HOUSEHOLDS)
    households = visible_to(request.user, Household.objects.all())
"""

from __future__ import annotations

import logging

from fupin.registry.permissions.querysets import (
    ScopedQuerySet,
    countable_by,
    visible_to,
    within_scope,
)
from fupin.registry.permissions.registry import (
    EDIT_HOUSEHOLDS,
    EXPORT_LISTS,
    MANAGE_USERS,
    REVEAL_ID_NUMBERS,
    VIEW_HOUSEHOLDS,
    VIEW_REGIONS,
    VIEW_USERS,
)
from fupin.registry.permissions.roles import (
    ALL_ROLES,
    BACK_OFFICE,
    FIELD,
    HOUSEHOLD_READERS,
    OFFICES,
    ROLE_CHOICES,
    ROLE_VALUES,
    Role,
)
from fupin.registry.permissions.rules import (
    Permission,
    can,
    define,
    defined_permissions,
    holds,
    permission_named,
    region_code_of,
    require,
)
from fupin.registry.permissions.scope import NOTHING, Scope, active_user, scope_of
from fupin.registry.permissions.users import User, account_of

# Every read of a full ID number, and every opening of a household card, is logged here.
access_log = logging.getLogger("fupin.access")

__all__ = [
    "ALL_ROLES",
    "BACK_OFFICE",
    "EDIT_HOUSEHOLDS",
    "EXPORT_LISTS",
    "FIELD",
    "HOUSEHOLD_READERS",
    "MANAGE_USERS",
    "NOTHING",
    "OFFICES",
    "ROLE_CHOICES",
    "ROLE_VALUES",
    "REVEAL_ID_NUMBERS",
    "VIEW_HOUSEHOLDS",
    "VIEW_REGIONS",
    "VIEW_USERS",
    "Permission",
    "Role",
    "Scope",
    "ScopedQuerySet",
    "User",
    "account_of",
    "access_log",
    "active_user",
    "can",
    "countable_by",
    "define",
    "defined_permissions",
    "holds",
    "permission_named",
    "region_code_of",
    "require",
    "scope_of",
    "visible_to",
    "within_scope",
]
