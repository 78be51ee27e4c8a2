"""Permissions: named rights held by roles, and the one check ``can(user, permission, obj)``.

Each permission is defined once, where its subsystem defines its use cases (the registry's here,
monitoring's in ``fupin.monitoring.permissions``, a procedure step's in its step record), always
as a ``Permission``. Whether a user holds it is decided here only: the role must be one of the
permission's roles and, when an object is named, the object's region must lie in the user's
scope. Superusers (the back-office administrators) hold every permission everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from fupin.registry.permissions.roles import Role
from fupin.registry.permissions.scope import Scope, active_user, scope_of

if TYPE_CHECKING:
    from fupin.registry.permissions.users import User

_DEFINED: dict[str, Permission] = {}


@dataclass(frozen=True)
class Permission:
    """A right held by some roles, named ``app.verb_object`` (e.g. ``registry.view_households``)."""

    name: str
    roles: frozenset[Role]
    description: Any = field(default="", compare=False)

    def __str__(self) -> str:
        return self.name


def define(name: str, roles: Iterable[Role], description: Any = "") -> Permission:
    """Defines a permission once; a second definition of the same name is an error."""
    if name in _DEFINED:
        raise ValueError(f"the permission {name} is already defined")
    permission = Permission(
        name=name, roles=frozenset(Role(r) for r in roles), description=description
    )
    _DEFINED[name] = permission
    return permission


def permission_named(name: str) -> Permission:
    """The permission defined under ``name``; raises KeyError for an unknown name."""
    return _DEFINED[name]


def defined_permissions() -> dict[str, Permission]:
    """Every permission defined so far, by name."""
    return dict(_DEFINED)


def region_code_of(obj: Any) -> str:
    """The region code an object lies in: a code itself, a region, or the model's ``scope_path``."""
    if isinstance(obj, str):
        return obj
    path = getattr(type(obj), "scope_path", None)
    if path is None:
        raise TypeError(f"{type(obj).__name__} has no scope_path: it cannot be scoped")
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part)
    return str(value)


def holds(scope: Scope, permission: Permission) -> bool:
    """True when a user with ``scope`` holds ``permission`` somewhere."""
    return scope.everything or (scope.role is not None and scope.role in permission.roles)


def can(user: User | None, permission: Permission | str, obj: Any = None) -> bool:
    """True when the user's role holds the permission and ``obj`` (if given) is in their scope."""
    if not active_user(user):
        return False
    wanted = permission_named(permission) if isinstance(permission, str) else permission
    scope = scope_of(user)
    if not holds(scope, wanted):
        return False
    return obj is None or scope.covers(region_code_of(obj))


def require(user: User | None, permission: Permission | str, obj: Any = None) -> None:
    """Raises PermissionDenied (HTTP 403) unless ``can(user, permission, obj)``."""
    if not can(user, permission, obj):
        raise PermissionDenied
